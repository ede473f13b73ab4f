import { useApi } from '@backstage/core-plugin-api';
import { BerthApi } from '@berth/plugin-berth-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { berthApiRef } from '../api';
import { useBerthRefresh } from './useBerthRefresh';

/**
 * Something the Berth API answers about one environment: `{ value, loading,
 * error, retry }`; fetched again after the page's actions and status changes.
 * `read` is a module-level function (it is not a dependency).
 */
export function useEnvironmentData<T>(
  environmentId: string,
  read: (berthApi: BerthApi, environmentId: string) => Promise<T>,
) {
  const berthApi = useApi(berthApiRef);
  const { all } = useBerthRefresh();
  return useAsyncRetry(
    () => read(berthApi, environmentId),
    [berthApi, environmentId, all],
  );
}
