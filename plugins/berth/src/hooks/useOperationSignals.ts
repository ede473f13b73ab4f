import { useApiHolder } from '@backstage/core-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  BERTH_OPERATION_SIGNAL_CHANNEL,
  OperationSignal,
} from '@berth/plugin-berth-common';
import { useEffect, useRef } from 'react';

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
 *
 * It subscribes the way `useEnvironmentStatusSignals` does (the optional
 * `signalApiRef`), handing over each message, not only the last one.
 * Without the signals plugin installed, nothing is delivered.
 */
export function useOperationSignals(
  onSignal: (signal: OperationSignal) => void,
): { isSignalsAvailable: boolean } {
  const signalApi = useApiHolder().get(signalApiRef);
  const callback = useRef(onSignal);
  useEffect(() => {
    callback.current = onSignal;
  });

  useEffect(() => {
    if (!signalApi) return undefined;
    const { unsubscribe } = signalApi.subscribe(
      BERTH_OPERATION_SIGNAL_CHANNEL,
      message => {
        if (isOperationSignal(message)) callback.current(message);
      },
    );
    return unsubscribe;
  }, [signalApi]);

  return { isSignalsAvailable: Boolean(signalApi) };
}
