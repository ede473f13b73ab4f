import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { berthApiRef } from '../api';
import { useBerthRefresh } from './useBerthRefresh';

/**
 * The Kubernetes events in an environment's namespace: `{ value, loading,
 * error, retry }`; fetched again after the page's actions and status changes.
 */
export function useEnvironmentEvents(environmentId: string) {
  const berthApi = useApi(berthApiRef);
  const { all } = useBerthRefresh();
  return useAsyncRetry(
    () => berthApi.listEvents(environmentId),
    [berthApi, environmentId, all],
  );
}
