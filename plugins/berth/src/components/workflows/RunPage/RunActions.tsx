import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  isTerminalWorkflowRunStatus,
  WorkflowRun,
} from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { useNavigate } from 'react-router-dom';
import { useBerthAction } from '../../../hooks/useBerthAction';
import { berthTranslationRef } from '../../../translation';
import { ActionError } from '../../common/DialogActionsRow';
import { useWorkflowsApi } from '../api';
import { useWorkflowLinks } from '../common/links';

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
  const sending = cancel.sending || retry.sending || rerun.sending;
  return (
    <Box mb={2}>
      <Box display="flex" style={{ gap: 8 }}>
        {!finished && (
          <Button
            size="small"
            variant="outlined"
            color="secondary"
            disabled={sending || run.status === 'cancelling'}
            onClick={() => cancel.run()}
          >
            {t('workflows.runPage.cancel')}
          </Button>
        )}
        {run.status === 'failed' && (
          <Button
            size="small"
            variant="outlined"
            color="primary"
            disabled={sending}
            onClick={() => retry.run()}
          >
            {t('workflows.runPage.retry')}
          </Button>
        )}
        {finished && (
          <Button
            size="small"
            variant="outlined"
            disabled={sending}
            onClick={() => rerun.run()}
          >
            {t('workflows.runPage.rerun')}
          </Button>
        )}
      </Box>
      <ActionError
        action={t('workflows.runPage.cancelFailed')}
        error={cancel.error}
      />
      <ActionError
        action={t('workflows.runPage.retryFailed')}
        error={retry.error}
      />
      <ActionError
        action={t('workflows.runPage.rerunFailed')}
        error={rerun.error}
      />
    </Box>
  );
};
