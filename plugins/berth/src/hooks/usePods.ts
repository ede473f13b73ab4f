import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { berthApiRef } from '../api';
import { useBerthRefresh } from './useBerthRefresh';

/**
 * The pods of an environment: `{ value, loading, error, retry }`; fetched
 * again after the page's actions and status changes.
 */
export function usePods(environmentId: string) {
  const berthApi = useApi(berthApiRef);
  const { all } = useBerthRefresh();
  return useAsyncRetry(
    () => berthApi.listPods(environmentId),
    [berthApi, environmentId, all],
  );
}
