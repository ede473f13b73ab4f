import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { useCallback } from 'react';

/**
 * Tells the user that an action succeeded: `message` as a transient success
 * alert, e.g. "Saved.".
 */
export function useSuccessAlert(): (message: string) => void {
  const alertApi = useApi(alertApiRef);
  return useCallback(
    (message: string) =>
      alertApi.post({ message, severity: 'success', display: 'transient' }),
    [alertApi],
  );
}
