import { useApi } from '@backstage/core-plugin-api';
import { EnvironmentStatus } from '@berth/plugin-berth-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { berthApiRef } from '../api';
import { useBerthRefresh } from './useBerthRefresh';
import { useEnvironmentStatusSignals } from './useEnvironmentStatusSignals';

function isNewer(next: EnvironmentStatus, current?: EnvironmentStatus) {
  if (!current) return true;
  const a = Date.parse(next.updatedAt);
  const b = Date.parse(current.updatedAt);
  return Number.isNaN(a) || Number.isNaN(b) || a >= b;
}

/** Live statuses of environments, and why a status could not be fetched. */
export interface EnvironmentStatuses {
  statuses: Record<string, EnvironmentStatus>;
  errors: Record<string, Error>;
}

/**
 * The live status of some environments: fetched once with
 * `getEnvironmentStatus`, then kept up to date from the status signals.
 * A status older than the one shown (a late answer, a stale signal) is dropped.
 * They are fetched again after the page's actions and when `retry` is called.
 */
export function useEnvironmentStatuses(
  ids: string[],
): EnvironmentStatuses & { retry: () => void } {
  const berthApi = useApi(berthApiRef);
  const { actions } = useBerthRefresh();
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt(n => n + 1), []);
  const [state, setState] = useState<EnvironmentStatuses>({
    statuses: {},
    errors: {},
  });
  const wanted = useRef(new Set(ids));
  wanted.current = new Set(ids);
  const key = ids.join('\n');

  const merge = useCallback((status: EnvironmentStatus) => {
    setState(prev => {
      const id = status.environmentId;
      if (!isNewer(status, prev.statuses[id])) return prev;
      const { [id]: _dropped, ...errors } = prev.errors;
      return { statuses: { ...prev.statuses, [id]: status }, errors };
    });
  }, []);

  useEffect(() => {
    let cancelled = false;
    const wantedIds = key ? key.split('\n') : [];
    wantedIds.forEach(id => {
      berthApi.getEnvironmentStatus(id).then(
        status => {
          if (!cancelled) merge(status);
        },
        (error: Error) => {
          if (cancelled) return;
          setState(prev =>
            prev.statuses[id]
              ? prev
              : { ...prev, errors: { ...prev.errors, [id]: error } },
          );
        },
      );
    });
    return () => {
      cancelled = true;
    };
  }, [berthApi, key, merge, actions, attempt]);

  useEnvironmentStatusSignals(
    status => {
      if (wanted.current.has(status.environmentId)) merge(status);
    },
    id => wanted.current.has(id),
  );

  return { ...state, retry };
}
