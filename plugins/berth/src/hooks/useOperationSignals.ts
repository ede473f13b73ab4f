import {
  BERTH_OPERATION_SIGNAL_CHANNEL,
  OperationSignal,
} from '@berth/plugin-berth-common';
import { useSignalMessages } from './useSignalMessages';

function isOperationSignal(message: unknown): message is OperationSignal {
  const m = message as Partial<OperationSignal> | null;
  return (
    typeof m === 'object' && m !== null && typeof m.operationId === 'string'
  );
}

/**
 * Calls `onSignal` with every OperationSignal the backend publishes on
 * {@link BERTH_OPERATION_SIGNAL_CHANNEL} (an operation queued, a step started
 * or ended, an operation finished). A signal names only the operation and
 * its environment: callers fetch what they show through the API.
 */
export function useOperationSignals(
  onSignal: (signal: OperationSignal) => void,
): { isSignalsAvailable: boolean } {
  return useSignalMessages(
    BERTH_OPERATION_SIGNAL_CHANNEL,
    isOperationSignal,
    onSignal,
  );
}
