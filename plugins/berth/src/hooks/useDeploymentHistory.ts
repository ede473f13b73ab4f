import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { berthApiRef } from '../api';
import { useBerthRefresh } from './useBerthRefresh';

/**
 * The deployment records of an environment, of one service or of all:
 * `{ value, loading, error, retry }`; fetched again after the page's actions
 * and status changes.
 */
export function useDeploymentHistory(environmentId: string, service?: string) {
  const berthApi = useApi(berthApiRef);
  const { all } = useBerthRefresh();
  return useAsyncRetry(
    () => berthApi.listDeployments(environmentId, service ? { service } : {}),
    [berthApi, environmentId, service, all],
  );
}
