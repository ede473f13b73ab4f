import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  HeaderLabel,
  Progress,
  ResponseErrorPanel,
  StructuredMetadataTable,
} from '@backstage/core-components';
import {
  WorkflowJobRun,
  WorkflowRun,
  workflowRunResourceRef,
} from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { useWorkflowPermissions } from '../../../hooks/useWorkflowPermissions';
import { useWorkflowRun } from '../../../hooks/useWorkflowRun';
import { formatTime } from '../../../lib/time';
import { berthTranslationRef } from '../../../translation';
import { PageLayout } from '../../common/PageLayout';
import { useWorkflowLinks } from '../common/links';
import { WorkflowStatusChip } from '../common/WorkflowStatusChip';
import { ApprovalCard, ApprovalJob } from './ApprovalCard';
import { JobDetails } from './JobDetails';
import { RunActions } from './RunActions';
import { StageGraph } from './StageGraph';

function jobsOf(run: WorkflowRun): WorkflowJobRun[] {
  return run.stages.flatMap(s => s.jobs);
}

/** The job shown first: a failed one, else a running one, else the first. */
function firstJob(run: WorkflowRun): WorkflowJobRun | undefined {
  const jobs = jobsOf(run);
  return (
    jobs.find(j => j.status === 'failed' || j.status === 'timedOut') ??
    jobs.find(j => j.status === 'running') ??
    jobs[0]
  );
}

const RunView = (props: { run: WorkflowRun; refresh: () => void }) => {
  const { run, refresh } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const links = useWorkflowLinks();
  const [selected, setSelected] = useState<string>();
  const job = jobsOf(run).find(j => j.id === selected) ?? firstJob(run);
  const approvals = jobsOf(run).filter((j): j is WorkflowJobRun & ApprovalJob =>
    Boolean(j.approval),
  );
  const params = Object.entries(run.params);
  // Asked about this run: a policy may allow its creator only (isRunCreator).
  const { canRun } = useWorkflowPermissions(workflowRunResourceRef(run.id));
  return (
    <PageLayout
      title={t('workflows.runPage.title', {
        workflow: run.workflowName,
        sequence: String(run.sequence),
      })}
      subtitle={run.message}
      type={{ label: run.workflowName, link: links.workflow(run.workflowId) }}
      labels={
        <>
          <HeaderLabel
            label={t('workflows.runPage.labels.status')}
            value={t(`workflows.statuses.${run.status}`)}
          />
          <HeaderLabel
            label={t('workflows.runPage.labels.revision')}
            value={String(run.revision)}
          />
          <HeaderLabel
            label={t('workflows.runPage.labels.trigger')}
            value={run.trigger.type}
          />
          <HeaderLabel
            label={t('workflows.runPage.labels.createdBy')}
            value={run.createdBy}
          />
        </>
      }
    >
      <Box display="flex" alignItems="center" style={{ gap: 8 }} mb={1}>
        <WorkflowStatusChip status={run.status} />
        <Typography variant="body2">
          {formatTime(run.startedAt ?? run.createdAt)} –{' '}
          {formatTime(run.finishedAt)}
        </Typography>
        {run.cancelRequestedBy && (
          <Typography variant="body2" color="textSecondary">
            {t('workflows.runPage.cancelRequested', {
              actor: run.cancelRequestedBy,
            })}
          </Typography>
        )}
      </Box>
      {canRun && <RunActions run={run} onChanged={refresh} />}
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <StageGraph
            run={run}
            selected={job?.id}
            onSelect={setSelected}
            onChanged={refresh}
            canContinue={canRun}
          />
        </Grid>
        {approvals.map(a => (
          <Grid item xs={12} md={6} key={a.id}>
            <ApprovalCard job={a} run={run} onDecided={refresh} />
          </Grid>
        ))}
        {params.length > 0 && (
          <Grid item xs={12} md={approvals.length ? 6 : 12}>
            <Typography variant="subtitle2">
              {t('workflows.runPage.params')}
            </Typography>
            <StructuredMetadataTable
              dense
              metadata={Object.fromEntries(
                params.map(([k, v]) => [
                  k,
                  Array.isArray(v) ? v.join(', ') : String(v),
                ]),
              )}
            />
          </Grid>
        )}
        {job && (
          <Grid item xs={12}>
            <JobDetails key={job.id} job={job} />
          </Grid>
        )}
      </Grid>
    </PageLayout>
  );
};

/**
 * A run at `/berth/workflow-runs/:runId`: its stages and jobs with their
 * statuses, live logs, outputs, test summaries, approvals, Cancel, Retry,
 * Rerun and Continue (for users allowed `berth.workflow.run`; Approve and
 * Reject for its approvers allowed `berth.workflow.approve`); updated by
 * signals, polled while it runs.
 */
export const WorkflowRunPage = () => {
  const { runId = '' } = useParams();
  const { t } = useTranslationRef(berthTranslationRef);
  const run = useWorkflowRun(runId);
  if (run.loading && !run.value) return <Progress />;
  if (!run.value) {
    return (
      <PageLayout title={t('workflows.runPage.notFound')}>
        <ResponseErrorPanel error={run.error ?? new Error('not found')} />
      </PageLayout>
    );
  }
  return <RunView run={run.value} refresh={run.retry} />;
};
