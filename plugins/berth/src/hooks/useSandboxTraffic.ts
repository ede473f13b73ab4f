import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useSandboxesApi } from '../components/sandboxes/api';

/**
 * Which services requests carrying a sandbox's key last reached, as the
 * cluster's traffic source saw them; `retry` reads the source again.
 */
export function useSandboxTraffic(sandboxId: string) {
  const api = useSandboxesApi();
  return useAsyncRetry(
    () => api.getSandboxTraffic(sandboxId),
    [api, sandboxId],
  );
}
