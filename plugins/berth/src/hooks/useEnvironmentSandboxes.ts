import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useSandboxesApi } from '../components/sandboxes/api';
import { useBerthRefresh } from './useBerthRefresh';
import { useSandboxPolling } from './useSandboxPolling';

/**
 * The sandboxes of a base environment the user may read: read again after
 * the page's actions, and polled while one is being created or deleted.
 */
export function useEnvironmentSandboxes(environmentId: string) {
  const api = useSandboxesApi();
  const { actions } = useBerthRefresh();
  const sandboxes = useAsyncRetry(
    () => api.listEnvironmentSandboxes(environmentId),
    [api, environmentId, actions],
  );
  useSandboxPolling(sandboxes.value, sandboxes.retry);
  return sandboxes;
}
