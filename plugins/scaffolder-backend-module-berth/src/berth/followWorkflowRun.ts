import { LoggerService } from '@backstage/backend-plugin-api';
import {
  WorkflowRun,
  WorkflowRunStatus,
  WorkflowsApi,
} from '@berth/plugin-berth-common';
import { waitBetweenPolls } from './waitBetweenPolls';

const ENDED: WorkflowRunStatus[] = ['succeeded', 'failed', 'cancelled'];

/**
 * Follows a workflow run (`GET /workflow-runs/:runId`) until it ends. A run
 * waiting for an approval or a manual stage is waited for (and said so once).
 * Throws with the run's message when it failed or was cancelled.
 */
export async function followWorkflowRun(
  client: Pick<WorkflowsApi, 'getWorkflowRun'>,
  runId: string,
  options: { logger: LoggerService; signal?: AbortSignal; pollMs: number },
): Promise<WorkflowRun> {
  const { logger, signal, pollMs } = options;
  let said: string | undefined;
  for (;;) {
    const run = await client.getWorkflowRun(runId);
    if (run.status !== said) {
      logger.info(
        `Workflow run ${run.workflowName} #${run.sequence}: ${run.status}${
          run.message ? ` (${run.message})` : ''
        }`,
      );
      said = run.status;
    }
    if (ENDED.includes(run.status)) {
      if (run.status !== 'succeeded') {
        throw new Error(
          `Berth workflow run ${run.workflowName} #${run.sequence} ${
            run.status
          }: ${run.message ?? 'no message'}`,
        );
      }
      return run;
    }
    await waitBetweenPolls(pollMs, signal);
  }
}
