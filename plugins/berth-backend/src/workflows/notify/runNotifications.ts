import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import {
  WorkflowApproval,
  WorkflowRun,
  WorkflowRunSummary,
} from '@berth/plugin-berth-common';

type NotificationPayload = NotificationSendOptions['payload'];

/** Joins sentences, adding a full stop only where one is missing. */
function sentences(parts: Array<string | undefined>): string {
  return parts
    .filter((p): p is string => Boolean(p?.trim()))
    .map(p => p.trim())
    .map((p, i, all) => (i < all.length - 1 && !/[.!?]$/.test(p) ? `${p}.` : p))
    .join(' ');
}

/** The link of a run's page in the portal. */
export const runLink = (runId: string) =>
  `/berth/workflow-runs/${encodeURIComponent(runId)}`;

const SEVERITY: Record<string, NotificationPayload['severity']> = {
  failed: 'high',
  succeeded: 'normal',
  cancelled: 'low',
};

/** Jobs whose latest attempt failed or timed out, with how. */
function failedJobs(run: WorkflowRun): string[] {
  const latest = new Map<
    string,
    WorkflowRun['stages'][number]['jobs'][number]
  >();
  for (const stage of run.stages ?? []) {
    for (const job of stage.jobs) {
      const key = `${stage.name}/${job.job}`;
      const seen = latest.get(key);
      if (!seen || seen.attempt < job.attempt) latest.set(key, job);
    }
  }
  return [...latest.values()]
    .filter(j => j.status === 'failed' || j.status === 'timedOut')
    .map(j => (j.status === 'timedOut' ? `${j.job} (timed out)` : j.job));
}

/** The notification of a finished run: severity by outcome, one per run (its scope), updated in place. */
export function runFinishedPayload(run: WorkflowRun): NotificationPayload {
  const failed = failedJobs(run);
  const description = sentences([
    run.message,
    failed.length > 0 ? `Failed: ${failed.join(', ')}` : undefined,
    `Started by ${run.createdBy}`,
  ]);
  return {
    title: `Workflow ${run.workflowName} #${run.sequence} ${run.status}`,
    description,
    severity: SEVERITY[run.status] ?? 'normal',
    link: runLink(run.id),
    topic: 'berth-workflow',
    scope: `berth-workflow-run:${run.id}`,
  };
}

/** The notification asking approvers to decide. */
export function approvalRequestedPayload(
  approval: WorkflowApproval,
  run: WorkflowRunSummary,
): NotificationPayload {
  return {
    title: `Approval needed: workflow ${run.workflowName} #${run.sequence}`,
    description: sentences([
      approval.message,
      `Started by ${run.createdBy}; ${approval.needed} approval${
        approval.needed === 1 ? '' : 's'
      } needed${
        approval.expiresAt
          ? `, rejected if undecided by ${approval.expiresAt}`
          : ''
      }`,
    ]),
    severity: 'high',
    link: runLink(run.id),
    topic: 'berth-workflow-approval',
    scope: `berth-workflow-approval:${approval.id}`,
  };
}
