import {
  WorkflowApproval,
  WorkflowDefinition,
  WorkflowJobRun,
  WorkflowRun,
  WorkflowStageRun,
} from '@berth/plugin-berth-common';
import {
  latestAttempts,
  StoredJobRun,
  StoredRun,
  toPublicJobRun,
  toSummary,
} from '../store';

/**
 * A run with its stages and the newest attempt of each job (with its
 * approval). Stages come from the run's revision of the definition.
 */
export function describeRun(
  run: StoredRun,
  definition: WorkflowDefinition | undefined,
  jobRuns: StoredJobRun[],
  approvals: WorkflowApproval[],
): WorkflowRun {
  const byJobRun = new Map(approvals.map(a => [a.jobRunId, a]));
  const latest = latestAttempts(jobRuns);
  const stageDefs =
    definition?.stages ??
    [...new Set(jobRuns.map(j => j.stage))].map(name => ({
      name,
      manual: false,
      jobs: jobRuns
        .filter(j => j.stage === name)
        .map(j => ({ name: j.job, type: j.type, spec: {} })),
    }));
  const stages: WorkflowStageRun[] = stageDefs.map(stage => {
    const jobs: WorkflowJobRun[] = stage.jobs
      .map(job => latest.get(job.name))
      .filter((j): j is StoredJobRun => Boolean(j))
      .map(j => {
        const approval = byJobRun.get(j.id);
        return { ...toPublicJobRun(j), ...(approval && { approval }) };
      });
    return {
      name: stage.name,
      manual: Boolean(stage.manual),
      status: stageStatus(run, stage.name, Boolean(stage.manual), jobs),
      jobs,
    };
  });
  return {
    ...toSummary(run),
    stages,
    ...(run.cancelRequestedBy && { cancelRequestedBy: run.cancelRequestedBy }),
  };
}

function stageStatus(
  run: StoredRun,
  name: string,
  manual: boolean,
  jobs: WorkflowJobRun[],
): WorkflowStageRun['status'] {
  const statuses = jobs.map(j => j.status);
  const all = (...s: string[]) =>
    statuses.length > 0 && statuses.every(x => s.includes(x));
  const any = (...s: string[]) => statuses.some(x => s.includes(x));
  if (any('waiting')) return 'waiting';
  if (any('running', 'queued')) return 'running';
  if (all('pending')) {
    return manual &&
      run.status === 'waiting' &&
      !run.continuedStages.includes(name)
      ? 'waiting'
      : 'pending';
  }
  if (all('skipped')) return 'skipped';
  if (any('failed', 'timedOut')) return 'failed';
  if (any('cancelled')) return 'cancelled';
  if (any('pending')) return 'running';
  return 'succeeded';
}
