import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useWorkflowJobLogs } from '../../../hooks/useWorkflowJobLogs';
import { berthTranslationRef } from '../../../translation';
import { Note } from '../../common/Note';

/** A job's log, live while the job runs (streamed, or polled when it cannot be). */
export const JobLogs = (props: {
  runId: string;
  jobRunId: string;
  live: boolean;
}) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const logs = useWorkflowJobLogs(props.runId, props.jobRunId, props.live);
  const text = logs.chunks.map(c => c.text).join('');
  return (
    <Box>
      <Typography variant="subtitle2">
        {t('workflows.runPage.logs')}
        {props.live ? ` (${t(`workflows.runPage.logModes.${logs.mode}`)})` : ''}
      </Typography>
      {logs.error && <ResponseErrorPanel error={logs.error} />}
      {text ? (
        <Box
          component="pre"
          data-testid="job-log"
          p={1}
          bgcolor="background.default"
          style={{ maxHeight: 480, overflow: 'auto', whiteSpace: 'pre-wrap' }}
        >
          {text}
        </Box>
      ) : (
        <Note>{t('workflows.runPage.noLogs')}</Note>
      )}
    </Box>
  );
};
