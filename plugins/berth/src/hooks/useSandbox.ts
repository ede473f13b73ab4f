import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useSandboxesApi } from '../components/sandboxes/api';
import { useSandboxPolling } from './useSandboxPolling';

/**
 * One sandbox with the live state of its forks; polled while it is being
 * created or deleted.
 */
export function useSandbox(sandboxId: string) {
  const api = useSandboxesApi();
  const sandbox = useAsyncRetry(
    () => api.getSandbox(sandboxId),
    [api, sandboxId],
  );
  useSandboxPolling(sandbox.value ? [sandbox.value] : undefined, sandbox.retry);
  return sandbox;
}
