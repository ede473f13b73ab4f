import { useApi, useApiHolder } from '@backstage/core-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  BERTH_STATUS_SIGNAL_CHANNEL,
  EnvironmentStatus,
  EnvironmentStatusSignal,
} from '@berth/plugin-berth-common';
import { useEffect, useRef } from 'react';
import { berthApiRef } from '../api';

function isStatusSignal(message: unknown): message is EnvironmentStatusSignal {
  const m = message as Partial<EnvironmentStatusSignal> | null;
  return (
    typeof m === 'object' && m !== null && typeof m.environmentId === 'string'
  );
}

/**
 * Calls `onStatus` with the status of an environment whenever the backend
 * signals on {@link BERTH_STATUS_SIGNAL_CHANNEL} that it changed. A signal
 * names only the environment (signals reach every signed-in browser), so the
 * status is fetched with `getEnvironmentStatus`, which checks that the user
 * may read it; refusals are ignored. `wanted` limits the fetches to the
 * environments shown. Signals arriving while an environment's status is
 * being fetched lead to one more fetch when it is done, not one each.
 *
 * It subscribes the way `useSignal` from `@backstage/plugin-signals-react`
 * does (the optional `signalApiRef`), but handles each message instead of
 * only the last one. Without the signals plugin installed, nothing is
 * delivered.
 */
export function useEnvironmentStatusSignals(
  onStatus: (status: EnvironmentStatus) => void,
  wanted: (environmentId: string) => boolean = () => true,
): { isSignalsAvailable: boolean } {
  const signalApi = useApiHolder().get(signalApiRef);
  const berthApi = useApi(berthApiRef);
  const callbacks = useRef({ onStatus, wanted });
  useEffect(() => {
    callbacks.current = { onStatus, wanted };
  });

  useEffect(() => {
    if (!signalApi) return undefined;
    let active = true;
    // Per environment: fetching now, and whether to fetch once more after.
    const fetching = new Map<string, { again: boolean }>();
    const fetchStatus = (id: string) => {
      fetching.set(id, { again: false });
      berthApi
        .getEnvironmentStatus(id)
        .then(
          status => {
            if (active) callbacks.current.onStatus(status);
          },
          () => undefined,
        )
        .finally(() => {
          const again = fetching.get(id)?.again;
          fetching.delete(id);
          if (active && again) fetchStatus(id);
        });
    };
    const { unsubscribe } = signalApi.subscribe(
      BERTH_STATUS_SIGNAL_CHANNEL,
      message => {
        if (!isStatusSignal(message)) return;
        const id = message.environmentId;
        if (!callbacks.current.wanted(id)) return;
        const inFlight = fetching.get(id);
        if (inFlight) inFlight.again = true;
        else fetchStatus(id);
      },
    );
    return () => {
      active = false;
      unsubscribe();
    };
  }, [signalApi, berthApi]);

  return { isSignalsAvailable: Boolean(signalApi) };
}
