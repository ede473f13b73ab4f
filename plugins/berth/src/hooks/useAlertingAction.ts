import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { useState } from 'react';
import { errorMessage } from '../lib/errors';
import { useBerthAction } from './useBerthAction';

/** An action whose failure is an error alert, as `useAlertingAction` runs it. */
export interface AlertingAction<Args extends unknown[]> {
  run: (...args: Args) => Promise<void>;
  sending: boolean;
  /** The arguments of the run in flight, e.g. which row is busy. */
  running?: Args;
}

/**
 * `useBerthAction` for actions that have no dialog to show their error in
 * (buttons of a table or a header): a failure is posted as an error alert,
 * `failed(...args): <the server's message>`.
 */
export function useAlertingAction<Args extends unknown[]>(
  action: (...args: Args) => Promise<unknown>,
  failed: (...args: Args) => string,
): AlertingAction<Args> {
  const alertApi = useApi(alertApiRef);
  const [running, setRunning] = useState<Args>();
  const { run, sending } = useBerthAction(async (...args: Args) => {
    setRunning(args);
    try {
      await action(...args);
    } catch (e) {
      alertApi.post({
        message: `${failed(...args)}: ${errorMessage(e)}`,
        severity: 'error',
      });
    } finally {
      setRunning(undefined);
    }
  });
  return { run, sending, running: sending ? running : undefined };
}
