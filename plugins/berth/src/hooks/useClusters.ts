import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { berthApiRef } from '../api';

/**
 * The clusters environments can run on: `{ value, loading, error, retry }`;
 * nothing is fetched while `enabled` is false.
 */
export function useClusters(enabled = true) {
  const berthApi = useApi(berthApiRef);
  return useAsyncRetry(
    async () => (enabled ? berthApi.listClusters() : undefined),
    [berthApi, enabled],
  );
}
