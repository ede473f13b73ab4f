import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError, stringifyError } from '@backstage/errors';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { OperationKind } from '@berth/plugin-berth-common';
import { EnvironmentStore } from '../database/EnvironmentStore';
import { StoredEnvironment } from '../model/environment';
import { OperationStore, StoredOperation } from '../operations/OperationStore';
import { ProjectService } from '../projects/ProjectService';
import { SCHEDULE_ACTOR } from '../sleep/SleepScheduler';
import { OperationNotificationLedger } from './OperationNotificationLedger';
import {
  OperationNotificationEvent,
  operationNotificationPayload,
} from './operationNotificationPayloads';

/** The operation kinds that deploy services into an environment. */
const DEPLOY_KINDS: ReadonlySet<OperationKind> = new Set<OperationKind>([
  'deploy',
  'deploy-service',
  'redeploy-values',
  'rollback',
]);

/** Entity refs among `candidates`, deduplicated and sorted; what does not parse is dropped. */
function entityRefs(candidates: Array<string | undefined>): string[] {
  const found = new Set<string>();
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      found.add(stringifyEntityRef(parseEntityRef(candidate)));
    } catch {
      // Not an entity ref: nobody to notify.
    }
  }
  return [...found].sort();
}

/** What a values sync's steps changed (`service:<name>` steps saving `{ changed, revision }`). */
function changedValues(
  steps: Array<{ key: string; output?: unknown }>,
): Array<{ service: string; revision?: number }> {
  return steps.flatMap(step => {
    const output = step.output as
      | { changed?: boolean; revision?: number }
      | undefined;
    if (!step.key.startsWith('service:') || !output?.changed) return [];
    return [
      {
        service: step.key.slice('service:'.length),
        ...(typeof output.revision === 'number' && {
          revision: output.revision,
        }),
      },
    ];
  });
}

/**
 * Notifies about ended operations through Backstage's notification service:
 * a failed operation to its actor (a user) and the project's owners, a
 * production deploy that succeeded, an environment put to sleep by its
 * schedule and tracked values files that changed to the owners. One
 * notification per operation (its scope), each event sent once
 * (OperationNotificationLedger). A failure to notify is logged, never
 * thrown: the operation's outcome stands.
 */
export class OperationNotifier {
  constructor(
    private readonly deps: {
      notifications: NotificationService;
      environments: Pick<EnvironmentStore, 'getById'>;
      projects: Pick<ProjectService, 'getProject'>;
      steps: Pick<OperationStore, 'steps'>;
      ledger: OperationNotificationLedger;
      logger: LoggerService;
    },
  ) {}

  /** Called when an operation ended; never throws. */
  async operationFinished(operation: StoredOperation): Promise<void> {
    try {
      await this.notify(operation);
    } catch (error) {
      this.deps.logger.warn(
        `Operation ${
          operation.id
        }: could not notify its outcome: ${stringifyError(error)}`,
      );
    }
  }

  private async notify(operation: StoredOperation) {
    const environment = operation.environmentId
      ? await this.environment(operation.environmentId)
      : undefined;
    const event = await this.eventOf(operation, environment);
    if (!event) return;
    const owners = await this.owners(operation.projectRef);
    const recipients = entityRefs([
      ...(event.type === 'failed' &&
      operation.actorType === 'user' &&
      operation.actor.startsWith('user:')
        ? [operation.actor]
        : []),
      ...owners,
    ]);
    if (recipients.length === 0) {
      this.deps.logger.info(
        `Operation ${operation.id}: nobody to notify of ${event.type}`,
      );
      return;
    }
    const { ledger, notifications } = this.deps;
    if (!(await ledger.claim(operation.id, event.type))) return;
    try {
      await notifications.send({
        recipients: { type: 'entity', entityRef: recipients },
        payload: operationNotificationPayload(event, operation, environment),
      });
    } catch (error) {
      await ledger.release(operation.id, event.type).catch(() => undefined);
      throw error;
    }
  }

  private async eventOf(
    operation: StoredOperation,
    environment: StoredEnvironment | undefined,
  ): Promise<OperationNotificationEvent | undefined> {
    if (operation.status === 'failed') return { type: 'failed' };
    if (operation.status !== 'succeeded') return undefined;
    if (
      DEPLOY_KINDS.has(operation.kind) &&
      environment?.tier === 'production'
    ) {
      return { type: 'deployed' };
    }
    if (
      operation.kind === 'sleep' &&
      operation.actorType === 'schedule' &&
      operation.actor === SCHEDULE_ACTOR
    ) {
      return { type: 'slept' };
    }
    if (operation.kind === 'values-sync') {
      const changed = changedValues(await this.deps.steps.steps(operation.id));
      return changed.length > 0
        ? { type: 'values-changed', changed }
        : undefined;
    }
    return undefined;
  }

  /** The environment, or none when it is gone (a delete that succeeded). */
  private async environment(id: string) {
    try {
      return await this.deps.environments.getById(id);
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  /** The project's owners; none (logged) when they cannot be read. */
  private async owners(projectRef: string): Promise<string[]> {
    try {
      const project = await this.deps.projects.getProject(projectRef);
      return project.ownerRef ? [project.ownerRef] : [];
    } catch (error) {
      if (!(error instanceof NotFoundError)) {
        this.deps.logger.warn(
          `Could not read the owners of ${projectRef}: ${stringifyError(
            error,
          )}`,
        );
      }
      return [];
    }
  }
}
