import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { SignalsService } from '@backstage/plugin-signals-node';
import {
  BERTH_OPERATION_SIGNAL_CHANNEL,
  isTerminalOperationStatus,
  OperationSignal,
} from '@berth/plugin-berth-common';
import { StoredOperation } from './OperationStore';

/** Step changes of one operation are pushed at most this often. */
const STEP_SIGNAL_INTERVAL_MS = 250;

/**
 * Pushes operation changes to browsers on `berth:operations` (the
 * operation's and its environment's ids, nothing else): queued and
 * ended at once, step changes at most every 250 ms per operation (the last
 * one always goes out), so a 300-service deploy does not flood the bus.
 */
export class OperationSignals {
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly signals: SignalsService,
    private readonly logger: LoggerService,
  ) {}

  changed(operation: StoredOperation, step?: string) {
    // Only opaque ids: signals reach every signed-in browser, readers or
    // not; the operation itself is read through the authorized endpoints.
    const message: OperationSignal = {
      operationId: operation.id,
      ...(operation.environmentId && {
        environmentId: operation.environmentId,
      }),
      at: new Date().toISOString(),
    };
    if (!step || isTerminalOperationStatus(operation.status)) {
      clearTimeout(this.pending.get(operation.id));
      this.pending.delete(operation.id);
      this.send(message);
      return;
    }
    if (this.pending.has(operation.id)) return;
    this.pending.set(
      operation.id,
      setTimeout(() => {
        this.pending.delete(operation.id);
        this.send(message);
      }, STEP_SIGNAL_INTERVAL_MS),
    );
  }

  private send(message: OperationSignal) {
    this.signals
      .publish({
        recipients: { type: 'broadcast' },
        channel: BERTH_OPERATION_SIGNAL_CHANNEL,
        message: message as any,
      })
      .catch(error =>
        this.logger.warn(
          `Could not publish an operation signal: ${stringifyError(error)}`,
        ),
      );
  }
}
