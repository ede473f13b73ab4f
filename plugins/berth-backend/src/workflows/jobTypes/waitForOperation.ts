import { isTerminalOperationStatus } from '@berth/plugin-berth-common';
import { StoredOperation } from '../../operations/OperationStore';

/** Thrown when the job's signal aborted while it waited. */
export class WaitAbortedError extends Error {
  name = 'WaitAbortedError';
  constructor(readonly reason: unknown) {
    super('Stopped waiting: the job was aborted');
  }
}

/** Resolves after `ms`, or rejects with WaitAbortedError when `signal` aborts. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new WaitAbortedError(signal.reason));
      return;
    }
    let timer: NodeJS.Timeout | undefined = undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(new WaitAbortedError(signal.reason));
    };
    timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Reads the operation every `intervalMs` until it ended, telling `onStatus`
 * each status it sees change; rejects with WaitAbortedError on abort.
 */
export async function waitForOperation(
  get: (id: string) => Promise<StoredOperation>,
  id: string,
  options: {
    intervalMs: number;
    signal: AbortSignal;
    onStatus?: (operation: StoredOperation) => void;
  },
): Promise<StoredOperation> {
  let last: string | undefined;
  for (;;) {
    if (options.signal.aborted) {
      throw new WaitAbortedError(options.signal.reason);
    }
    const operation = await get(id);
    if (operation.status !== last) {
      last = operation.status;
      options.onStatus?.(operation);
    }
    if (isTerminalOperationStatus(operation.status)) return operation;
    await pause(options.intervalMs, options.signal);
  }
}
