import { useEffect, useRef } from 'react';

/** How often pages poll while something runs: often without signals, rarely as a safety net with them. */
export const WORKFLOW_POLL_MS = { withoutSignals: 3_000, withSignals: 15_000 };

/**
 * Calls `refresh` every `intervalMs` while `active`; signals may not reach
 * every viewer (the backend sends them to the run's creator and the
 * project's owners), so pages keep polling, more slowly, when they have them.
 */
export function useWorkflowPolling(
  active: boolean,
  refresh: () => void,
  intervalMs: number,
): void {
  const latest = useRef(refresh);
  latest.current = refresh;
  useEffect(() => {
    if (!active) return undefined;
    const timer = setInterval(() => latest.current(), intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs]);
}
