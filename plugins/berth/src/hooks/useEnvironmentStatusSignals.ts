import { useApiHolder } from '@backstage/core-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  BERTH_STATUS_SIGNAL_CHANNEL,
  EnvironmentStatus,
} from '@berth/plugin-berth-common';
import { useEffect, useRef } from 'react';

function isEnvironmentStatus(message: unknown): message is EnvironmentStatus {
  const m = message as Partial<EnvironmentStatus> | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    typeof m.environmentId === 'string' &&
    typeof m.status === 'string' &&
    Array.isArray(m.services)
  );
}

/**
 * Calls `onStatus` with every EnvironmentStatus the backend publishes on
 * {@link BERTH_STATUS_SIGNAL_CHANNEL}.
 *
 * This subscribes the way `useSignal` from `@backstage/plugin-signals-react`
 * does (the optional `signalApiRef`), but hands over each message instead of
 * only the last one: `useSignal` keeps a single `lastSignal`, so statuses of
 * two environments arriving before a render would lose the first.
 * Without the signals plugin installed, nothing is delivered.
 */
export function useEnvironmentStatusSignals(
  onStatus: (status: EnvironmentStatus) => void,
): { isSignalsAvailable: boolean } {
  const signalApi = useApiHolder().get(signalApiRef);
  const callback = useRef(onStatus);
  useEffect(() => {
    callback.current = onStatus;
  });

  useEffect(() => {
    if (!signalApi) return undefined;
    const { unsubscribe } = signalApi.subscribe(
      BERTH_STATUS_SIGNAL_CHANNEL,
      message => {
        if (isEnvironmentStatus(message)) callback.current(message);
      },
    );
    return unsubscribe;
  }, [signalApi]);

  return { isSignalsAvailable: Boolean(signalApi) };
}
