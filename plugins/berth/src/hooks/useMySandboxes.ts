import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useSandboxesApi } from '../components/sandboxes/api';
import { useSandboxPolling } from './useSandboxPolling';

/**
 * The signed-in user's own sandboxes, across projects; polled while one is
 * being created or deleted.
 */
export function useMySandboxes() {
  const api = useSandboxesApi();
  const sandboxes = useAsyncRetry(
    () => api.listSandboxes({ mine: true }),
    [api],
  );
  useSandboxPolling(sandboxes.value, sandboxes.retry);
  return sandboxes;
}
