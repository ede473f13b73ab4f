import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { berthApiRef } from '../api';
import { useBerthRefresh } from './useBerthRefresh';

/**
 * How the services of an environment drift from what Berth deployed:
 * `{ value, loading, error, retry }`. Drift asks the cluster (a dry-run per
 * service), so it is checked again only after the page's actions and when
 * `rollUp` (the environment's roll-up status) changes.
 */
export function useEnvironmentDrift(environmentId: string, rollUp?: string) {
  const berthApi = useApi(berthApiRef);
  const { actions } = useBerthRefresh();
  return useAsyncRetry(
    () => berthApi.getEnvironmentDrift(environmentId),
    [berthApi, environmentId, actions, rollUp],
  );
}
