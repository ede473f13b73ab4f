import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import { WorkflowJobRun } from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { formatTime } from '../../../lib/time';
import { berthTranslationRef } from '../../../translation';
import { WorkflowStatusChip } from '../common/WorkflowStatusChip';
import { JobLogs } from './JobLogs';
import { Note } from '../../common/Note';

const LIVE = new Set(['pending', 'queued', 'running', 'waiting']);

function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A job's test results: counts and the failed tests. */
const TestSummary = (props: {
  summary: NonNullable<WorkflowJobRun['testSummary']>;
}) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const { summary } = props;
  return (
    <Box mb={2} data-testid="test-summary">
      <Typography variant="body2">
        {t('workflows.runPage.tests', {
          passed: String(summary.passed),
          failed: String(summary.failed),
          skipped: String(summary.skipped),
        })}
      </Typography>
      {summary.failures.length > 0 && (
        <ul>
          {summary.failures.map(f => (
            <li key={f}>
              <Typography variant="body2" color="error">
                {f}
              </Typography>
            </li>
          ))}
        </ul>
      )}
    </Box>
  );
};

/** A job run: status, times, error, outputs, test summary and its live log. */
export const JobDetails = (props: { job: WorkflowJobRun }) => {
  const { job } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const outputs = Object.entries(job.outputs ?? {});
  const where = job.externalRef
    ? Object.values(job.externalRef).filter(Boolean).join(' / ')
    : undefined;
  return (
    <InfoCard
      title={t('workflows.runPage.jobTitle', { name: job.job, type: job.type })}
      subheader={t('workflows.runPage.attempt', {
        attempt: String(job.attempt),
      })}
    >
      <Box display="flex" alignItems="center" style={{ gap: 8 }} mb={1}>
        <WorkflowStatusChip status={job.status} />
        <Typography variant="body2">
          {formatTime(job.startedAt)} – {formatTime(job.finishedAt)}
        </Typography>
      </Box>
      {where && <Note>{where}</Note>}
      {job.error && (
        <Box my={1} role="alert">
          <Typography color="error">{job.error}</Typography>
        </Box>
      )}
      {job.testSummary && <TestSummary summary={job.testSummary} />}
      <Typography variant="subtitle2">
        {t('workflows.runPage.outputs')}
      </Typography>
      {outputs.length ? (
        <Box mb={2}>
          <StructuredMetadataTable
            dense
            metadata={Object.fromEntries(outputs.map(([k, v]) => [k, text(v)]))}
          />
        </Box>
      ) : (
        <Typography variant="body2" color="textSecondary" paragraph>
          {t('workflows.runPage.noOutputs')}
        </Typography>
      )}
      {job.type !== 'approval' && (
        <JobLogs
          runId={job.runId}
          jobRunId={job.id}
          live={LIVE.has(job.status)}
        />
      )}
    </InfoCard>
  );
};
