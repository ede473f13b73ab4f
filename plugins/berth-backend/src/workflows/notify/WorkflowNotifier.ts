import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
import {
  NotificationRecipients,
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import {
  isTerminalWorkflowRunStatus,
  WorkflowApproval,
  WorkflowRun,
  WorkflowRunSummary,
} from '@berth/plugin-berth-common';
import { NotificationLedger } from './NotificationLedger';
import { ProjectOwners } from './projectOwners';
import {
  approvalRequestedPayload,
  runFinishedPayload,
} from './runNotifications';
import { WorkflowRunEvents } from './WorkflowRunEvents';

type NotificationPayload = NotificationSendOptions['payload'];

function refs(candidates: string[]): string[] {
  const found = new Set<string>();
  for (const candidate of candidates) {
    try {
      found.add(stringifyEntityRef(parseEntityRef(candidate)));
    } catch {
      // Not an entity ref (a service subject): nobody to notify.
    }
  }
  return [...found].sort();
}

/**
 * Notifies about runs in Backstage: a finished run to its creator and the
 * project's owners (severity by outcome, scoped per run so a retried run's
 * notification replaces the earlier one), an approval request to its
 * approvers (not to the run's creator unless self-approval is allowed).
 * Each run event is sent once (NotificationLedger); failures to send are
 * logged, never thrown at the engine.
 */
export class WorkflowNotifier implements WorkflowRunEvents {
  constructor(
    private readonly deps: {
      notifications: NotificationService;
      projectOwners: ProjectOwners;
      ledger: NotificationLedger;
      logger: LoggerService;
    },
  ) {}

  async runFinished(run: WorkflowRun): Promise<void> {
    if (!isTerminalWorkflowRunStatus(run.status)) return;
    const owners = await this.deps
      .projectOwners(run.projectRef)
      .catch(error => {
        this.deps.logger.warn(
          `Could not read the owners of ${run.projectRef}: ${stringifyError(
            error,
          )}`,
        );
        return [] as string[];
      });
    const recipients = refs([
      ...(run.createdBy.startsWith('user:') ? [run.createdBy] : []),
      ...owners,
    ]);
    await this.send(
      `run-finished:${run.id}:${run.finishedAt ?? run.status}`,
      run.id,
      'run-finished',
      recipients,
      runFinishedPayload(run),
    );
  }

  async approvalRequested(
    approval: WorkflowApproval,
    run: WorkflowRunSummary,
  ): Promise<void> {
    await this.send(
      `approval-requested:${approval.id}`,
      run.id,
      'approval-requested',
      refs(approval.approvers),
      approvalRequestedPayload(approval, run),
      approval.allowSelfApproval ? undefined : run.createdBy,
    );
  }

  private async send(
    key: string,
    runId: string,
    event: string,
    entityRef: string[],
    payload: NotificationPayload,
    exclude?: string,
  ) {
    const { ledger, logger, notifications } = this.deps;
    if (entityRef.length === 0) {
      logger.info(`Run ${runId}: nobody to notify of ${event}`);
      return;
    }
    if (!(await ledger.claim(key, runId, event))) return;
    const recipients: NotificationRecipients = {
      type: 'entity',
      entityRef,
      ...(exclude && { excludeEntityRef: exclude }),
    };
    try {
      await notifications.send({ recipients, payload });
    } catch (error) {
      await ledger.release(key).catch(() => undefined);
      logger.warn(
        `Run ${runId}: could not send the ${event} notification: ${stringifyError(
          error,
        )}`,
      );
    }
  }
}
