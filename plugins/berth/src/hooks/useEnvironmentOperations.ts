import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { berthApiRef } from '../api';
import { useBerthRefresh } from './useBerthRefresh';
import { useOperationSignals } from './useOperationSignals';

/**
 * The operations of an environment, newest first (without steps and
 * events): fetched, then fetched again whenever an operation signal of the
 * environment arrives, `retry` is called or the page's actions change
 * something. The last
 * answer stays in `value` while the next one loads.
 */
export function useEnvironmentOperations(
  environmentId: string,
  options: { limit?: number } = {},
) {
  const { limit } = options;
  const { actions } = useBerthRefresh();
  const berthApi = useApi(berthApiRef);
  const operations = useAsyncRetry(
    () => berthApi.listEnvironmentOperations(environmentId, { limit }),
    [berthApi, environmentId, limit, actions],
  );
  useOperationSignals(signal => {
    if (signal.environmentId === environmentId) operations.retry();
  });
  return operations;
}
