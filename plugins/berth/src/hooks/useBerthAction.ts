import { useCallback, useRef, useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { errorMessage } from '../lib/errors';

/** An action of a dialog or card, as `useBerthAction` runs it. */
export interface BerthAction<Args extends unknown[]> {
  /** Runs the action; a failure ends in `error`, never in a rejection. */
  run: (...args: Args) => Promise<void>;
  /** While the action runs (and after it succeeded, with `closes`). */
  sending: boolean;
  /** Why the last run failed (the server's own message), until the next run. */
  error?: string;
  /** Hides `error`, e.g. when the user changes what failed. */
  clearError: () => void;
}

/**
 * Runs a user's action (on `useAsyncFn`) with the state every dialog needs:
 * `sending` while it runs, `error` when it failed. With `closes`, the action
 * closes its dialog on success, so `sending` stays true after it succeeded
 * (the buttons stay disabled until the dialog is gone).
 */
export function useBerthAction<Args extends unknown[]>(
  action: (...args: Args) => Promise<unknown>,
  options: { closes?: boolean } = {},
): BerthAction<Args> {
  const latest = useRef(action);
  latest.current = action;
  const [state, call] = useAsyncFn(async (...args: Args) => {
    await latest.current(...args);
    return true;
  }, []);
  const [cleared, setCleared] = useState<unknown>();
  const failure = state.loading ? undefined : state.error;
  const run = useCallback(
    async (...args: Args) => {
      await call(...args);
    },
    [call],
  );
  return {
    run,
    sending: state.loading || (Boolean(options.closes) && state.value === true),
    error: failure && failure !== cleared ? errorMessage(failure) : undefined,
    clearError: () => setCleared(failure),
  };
}
