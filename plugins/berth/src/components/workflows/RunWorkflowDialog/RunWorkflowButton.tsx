import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { BerthWorkflow } from '@berth/plugin-berth-common';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import PlayArrowIcon from '@material-ui/icons/PlayArrow';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useWorkflowPermissions } from '../../../hooks/useWorkflowPermissions';
import { berthTranslationRef } from '../../../translation';
import { useWorkflowLinks } from '../common/links';
import { RunWorkflowDialog } from './RunWorkflowDialog';

/**
 * "Run" of a workflow: the run dialog, then the new run's page. Not shown to
 * users the permission framework denies `berth.workflow.run` on it;
 * disabled, with a tooltip saying why, while the workflow is disabled.
 */
export const RunWorkflowButton = (props: {
  workflow: BerthWorkflow;
  variant?: 'text' | 'contained';
}) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const [open, setOpen] = useState(false);
  const navigate = useNavigate();
  const links = useWorkflowLinks();
  const { canRun } = useWorkflowPermissions(props.workflow.id);
  if (!canRun) return null;
  const name = props.workflow.title || props.workflow.name;
  const button = (
    <Button
      size="small"
      color="primary"
      variant={props.variant ?? 'text'}
      startIcon={<PlayArrowIcon />}
      disabled={!props.workflow.enabled}
      aria-label={t('workflows.run.buttonOf', { name })}
      onClick={() => setOpen(true)}
    >
      {t('workflows.run.button')}
    </Button>
  );
  return (
    <>
      {props.workflow.enabled ? (
        button
      ) : (
        <Tooltip title={t('workflows.run.workflowDisabled')}>
          {/* A disabled button fires no events: the span shows the tooltip. */}
          <span>{button}</span>
        </Tooltip>
      )}
      {open && (
        <RunWorkflowDialog
          workflow={props.workflow}
          onClose={() => setOpen(false)}
          onStarted={run => navigate(links.run(run.id))}
        />
      )}
    </>
  );
};
