import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { berthApiRef } from '../api';
import { useBerthRefresh } from './useBerthRefresh';

/**
 * Whether an environment sleeps and its schedule: `{ value, loading, error,
 * retry }`; fetched again after the page's actions and status changes.
 */
export function useEnvironmentSleep(environmentId: string) {
  const berthApi = useApi(berthApiRef);
  const { all } = useBerthRefresh();
  return useAsyncRetry(
    () => berthApi.getEnvironmentSleep(environmentId),
    [berthApi, environmentId, all],
  );
}
