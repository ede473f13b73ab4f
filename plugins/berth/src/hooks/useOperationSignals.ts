import {
  BERTH_OPERATION_SIGNAL_CHANNEL,
  OperationSignal,
} from '@berth/plugin-berth-common';
import { channelSignalsHook } from './useSignalMessages';

/**
 * Calls `onSignal` with every OperationSignal the backend publishes on
 * {@link BERTH_OPERATION_SIGNAL_CHANNEL} (an operation queued, a step started
 * or ended, an operation finished). A signal names only the operation and
 * its environment: callers fetch what they show through the API.
 */
export const useOperationSignals = channelSignalsHook<OperationSignal>(
  BERTH_OPERATION_SIGNAL_CHANNEL,
  'operationId',
);
