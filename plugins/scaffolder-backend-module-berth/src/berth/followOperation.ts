import { LoggerService } from '@backstage/backend-plugin-api';
import {
  BerthApi,
  BerthOperation,
  isTerminalOperationStatus,
} from '@berth/plugin-berth-common';
import { waitBetweenPolls } from './waitBetweenPolls';

/**
 * Follows a Berth operation (`GET /environments/:id/operations/:operationId`)
 * until it ends, logging its progress. Resolves with the operation when it
 * succeeded; throws with the operation's own message when it failed or was
 * cancelled, so the scaffolder step fails with Berth's reason.
 */
export async function followOperation(
  client: Pick<BerthApi, 'getOperation'>,
  started: Pick<BerthOperation, 'id' | 'environmentId' | 'title'>,
  options: { logger: LoggerService; signal?: AbortSignal; pollMs: number },
): Promise<BerthOperation> {
  const { logger, signal, pollMs } = options;
  if (!started.environmentId) {
    throw new Error(`Operation ${started.id} belongs to no environment`);
  }
  let said = '';
  for (;;) {
    const operation = await client.getOperation(
      started.environmentId,
      started.id,
    );
    const now = `${operation.status} ${operation.progress.done}/${operation.progress.total}`;
    if (now !== said) {
      logger.info(
        `${operation.title}: ${operation.status} (${operation.progress.done} of ${operation.progress.total} steps)`,
      );
      said = now;
    }
    if (isTerminalOperationStatus(operation.status)) {
      if (operation.status !== 'succeeded') {
        throw new Error(
          `Berth operation '${operation.title}' ${operation.status}: ${
            operation.message ?? 'no message'
          }`,
        );
      }
      if (operation.message) logger.info(operation.message);
      return operation;
    }
    await waitBetweenPolls(pollMs, signal);
  }
}
