import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { SignalsService } from '@backstage/plugin-signals-node';
import {
  BERTH_WORKFLOW_SIGNAL_CHANNEL,
  WorkflowJobRunStatus,
  WorkflowRunSignal,
  WorkflowRunSummary,
} from '@berth/plugin-berth-common';

/** The owners of a project (user and group refs); none when unknown. */
export type ProjectOwners = (projectRef: string) => Promise<string[]>;

/**
 * Pushes run and job status changes on `berth:workflows` to the run's
 * creator and the project's owners (never broadcast: #11). Ids and
 * statuses only; pages read the run through the authorized endpoints.
 */
export class WorkflowSignals {
  private readonly owners = new Map<string, { refs: string[]; at: number }>();

  constructor(
    private readonly signals: SignalsService,
    private readonly logger: LoggerService,
    private readonly projectOwners?: ProjectOwners,
  ) {}

  async changed(
    run: WorkflowRunSummary,
    job?: { jobRunId: string; status: WorkflowJobRunStatus },
  ): Promise<void> {
    try {
      const recipients = [
        ...new Set([run.createdBy, ...(await this.ownersOf(run.projectRef))]),
      ].filter(ref => /^(user|group):/i.test(ref));
      if (recipients.length === 0) return;
      const message: WorkflowRunSignal = {
        runId: run.id,
        workflowId: run.workflowId,
        projectRef: run.projectRef,
        status: run.status,
        ...(job && { jobRunId: job.jobRunId, jobStatus: job.status }),
      };
      await this.signals.publish({
        recipients: { type: 'user', entityRef: recipients },
        channel: BERTH_WORKFLOW_SIGNAL_CHANNEL,
        message: message as any,
      });
    } catch (error) {
      this.logger.warn(
        `Could not signal workflow run ${run.id}: ${stringifyError(error)}`,
      );
    }
  }

  /** Cached for a minute. */
  private async ownersOf(projectRef: string): Promise<string[]> {
    if (!this.projectOwners) return [];
    const cached = this.owners.get(projectRef);
    if (cached && Date.now() - cached.at < 60_000) return cached.refs;
    const refs = await this.projectOwners(projectRef);
    this.owners.set(projectRef, { refs, at: Date.now() });
    return refs;
  }
}
