import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useSandboxesApi } from '../components/sandboxes/api';
import { useBerthRefresh } from './useBerthRefresh';

/**
 * Whether a base environment takes sandboxes, and which checks fail; read
 * again after the page's actions and when its live status changes.
 */
export function useSandboxReadiness(environmentId: string) {
  const api = useSandboxesApi();
  const { all } = useBerthRefresh();
  return useAsyncRetry(
    () => api.getSandboxReadiness(environmentId),
    [api, environmentId, all],
  );
}
