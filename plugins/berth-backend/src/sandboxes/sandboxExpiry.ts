import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { EXPIRY_ACTOR, SandboxService } from './SandboxService';
import { SandboxStore } from './SandboxStore';

/**
 * Queues the delete of every sandbox whose time ran out (actor
 * `berth:expiry`); returns the names queued. Run by a global scheduler task.
 */
export async function expireSandboxes(deps: {
  store: SandboxStore;
  service: Pick<SandboxService, 'delete'>;
  logger: LoggerService;
  now?: Date;
}): Promise<string[]> {
  const expired = await deps.store.expired(deps.now ?? new Date());
  const queued: string[] = [];
  for (const sandbox of expired) {
    try {
      await deps.service.delete(sandbox.id, EXPIRY_ACTOR);
      queued.push(sandbox.name);
    } catch (error) {
      deps.logger.warn(
        `Could not queue the delete of expired sandbox '${sandbox.name}' (${
          sandbox.id
        }): ${stringifyError(error)}`,
      );
    }
  }
  if (queued.length > 0) {
    deps.logger.info(
      `Queued the delete of ${queued.length} expired sandbox(es): ${queued.join(
        ', ',
      )}`,
    );
  }
  return queued;
}
