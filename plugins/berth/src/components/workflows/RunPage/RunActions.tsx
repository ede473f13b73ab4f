import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  isTerminalWorkflowRunStatus,
  WorkflowRun,
} from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import { useNavigate } from 'react-router-dom';
import { useBerthAction } from '../../../hooks/useBerthAction';
import { berthTranslationRef } from '../../../translation';
import { ButtonRow } from '../../common/ButtonRow';
import { ActionError } from '../../common/DialogActionsRow';
import { useWorkflowsApi } from '../api';
import { useWorkflowLinks } from '../common/links';

const runActionNames = ['cancel', 'retry', 'rerun'] as const;

/**
 * Cancel (while the run is active), Retry failed jobs (when it failed) and
 * Rerun (when it finished: a new run with the same params, on the newest
 * revision, whose page opens).
 */
export const RunActions = (props: {
  run: WorkflowRun;
  onChanged: () => void;
}) => {
  const { run } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const api = useWorkflowsApi();
  const navigate = useNavigate();
  const links = useWorkflowLinks();
  const cancel = useBerthAction(async () => {
    await api.cancelWorkflowRun(run.id);
    props.onChanged();
  });
  const retry = useBerthAction(async () => {
    await api.retryWorkflowRun(run.id);
    props.onChanged();
  });
  const rerun = useBerthAction(async () => {
    const created = await api.rerunWorkflowRun(run.id);
    navigate(links.run(created.id));
  });
  const finished = isTerminalWorkflowRunStatus(run.status);
  const actions = { cancel, retry, rerun };
  return (
    <Box mb={2}>
      <ButtonRow
        disabled={cancel.sending || retry.sending || rerun.sending}
        buttons={[
          !finished && {
            label: t('workflows.runPage.cancel'),
            color: 'secondary',
            disabled: run.status === 'cancelling',
            onClick: () => cancel.run(),
          },
          run.status === 'failed' && {
            label: t('workflows.runPage.retry'),
            color: 'primary',
            onClick: () => retry.run(),
          },
          finished && {
            label: t('workflows.runPage.rerun'),
            onClick: () => rerun.run(),
          },
        ]}
      />
      {runActionNames.map(name => (
        <ActionError
          key={name}
          action={t(`workflows.runPage.${name}Failed`)}
          error={actions[name].error}
        />
      ))}
    </Box>
  );
};
