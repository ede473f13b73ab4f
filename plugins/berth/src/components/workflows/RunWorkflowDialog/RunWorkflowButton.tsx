import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { BerthWorkflow } from '@berth/plugin-berth-common';
import Button from '@material-ui/core/Button';
import PlayArrowIcon from '@material-ui/icons/PlayArrow';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { berthTranslationRef } from '../../../translation';
import { useWorkflowLinks } from '../common/links';
import { RunWorkflowDialog } from './RunWorkflowDialog';

/** "Run" of a workflow: the run dialog, then the new run's page. */
export const RunWorkflowButton = (props: {
  workflow: BerthWorkflow;
  variant?: 'text' | 'contained';
}) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const [open, setOpen] = useState(false);
  const navigate = useNavigate();
  const links = useWorkflowLinks();
  const name = props.workflow.title || props.workflow.name;
  return (
    <>
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
