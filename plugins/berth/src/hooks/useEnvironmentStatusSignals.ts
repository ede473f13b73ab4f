import { useApi } from '@backstage/core-plugin-api';
import {
  BERTH_STATUS_SIGNAL_CHANNEL,
  EnvironmentStatus,
  EnvironmentStatusSignal,
} from '@berth/plugin-berth-common';
import { useCallback, useEffect, useRef } from 'react';
import { berthApiRef } from '../api';
import { isMessageWith, useSignalMessages } from './useSignalMessages';

const isStatusSignal = isMessageWith<EnvironmentStatusSignal>('environmentId');

/**
 * Calls `onStatus` with the status of an environment whenever the backend
 * signals on {@link BERTH_STATUS_SIGNAL_CHANNEL} that it changed. A signal
 * names only the environment (signals reach every signed-in browser), so the
 * status is fetched with `getEnvironmentStatus`, which checks that the user
 * may read it; refusals are ignored. `wanted` limits the fetches to the
 * environments shown. Signals arriving while an environment's status is
 * being fetched lead to one more fetch when it is done, not one each.
 * Without the signals plugin installed, nothing is delivered.
 */
export function useEnvironmentStatusSignals(
  onStatus: (status: EnvironmentStatus) => void,
  wanted: (environmentId: string) => boolean = () => true,
): { isSignalsAvailable: boolean } {
  const berthApi = useApi(berthApiRef);
  const callbacks = useRef({ onStatus, wanted });
  useEffect(() => {
    callbacks.current = { onStatus, wanted };
  });
  // Per environment: fetching now, and whether to fetch once more after.
  const fetching = useRef(new Map<string, { again: boolean }>());
  const active = useRef(true);
  useEffect(() => {
    active.current = true;
    return () => {
      active.current = false;
    };
  }, []);

  const fetchStatus = useCallback(
    (id: string) => {
      fetching.current.set(id, { again: false });
      berthApi
        .getEnvironmentStatus(id)
        .then(
          status => {
            if (active.current) callbacks.current.onStatus(status);
          },
          () => undefined,
        )
        .finally(() => {
          const again = fetching.current.get(id)?.again;
          fetching.current.delete(id);
          if (active.current && again) fetchStatus(id);
        });
    },
    [berthApi],
  );

  return useSignalMessages(
    BERTH_STATUS_SIGNAL_CHANNEL,
    isStatusSignal,
    message => {
      const id = message.environmentId;
      if (!callbacks.current.wanted(id)) return;
      const inFlight = fetching.current.get(id);
      if (inFlight) inFlight.again = true;
      else fetchStatus(id);
    },
  );
}
