import { LoggerService } from '@backstage/backend-plugin-api';
import { BerthApi, BerthOperation } from '@berth/plugin-berth-common';
import { followOperation } from '../berth/followOperation';
import { BerthActionDeps, DEFAULT_POLL_MS } from './actionDeps';

/** What a checkpoint keeps of an operation an action started: plain JSON for {@link outputOperation}. */
export type OperationRef = Pick<BerthOperation, 'id' | 'title'> & {
  environmentId: string;
};

/** The {@link OperationRef} of an operation, on the environment it runs for. */
export function operationRef(
  operation: Pick<BerthOperation, 'id' | 'title'>,
  environmentId: string,
): OperationRef;
export function operationRef(
  operation: Pick<BerthOperation, 'id' | 'title'> | undefined,
  environmentId: string,
): OperationRef | undefined;
export function operationRef(
  operation: Pick<BerthOperation, 'id' | 'title'> | undefined,
  environmentId: string,
): OperationRef | undefined {
  return (
    operation && { id: operation.id, environmentId, title: operation.title }
  );
}

/**
 * Outputs the `operationId` of the operation an action started and, unless
 * the input's `wait` is false, follows it to its end (the step fails with
 * Berth's message when the operation fails).
 */
export async function outputOperation(
  ctx: {
    output(name: 'operationId', value: string): void;
    logger: LoggerService;
    signal?: AbortSignal;
  },
  client: Pick<BerthApi, 'getOperation'>,
  operation: Pick<BerthOperation, 'id' | 'environmentId' | 'title'>,
  options: { wait?: boolean; deps: Pick<BerthActionDeps, 'pollMs'> },
): Promise<void> {
  ctx.output('operationId', operation.id);
  if (options.wait === false) return;
  await followOperation(client, operation, {
    logger: ctx.logger,
    signal: ctx.signal,
    pollMs: options.deps.pollMs ?? DEFAULT_POLL_MS,
  });
}
