import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { berthApiRef } from '../api';

/** Every project the user may see: `{ value, loading, error, retry }`. */
export function useProjects() {
  const berthApi = useApi(berthApiRef);
  return useAsyncRetry(() => berthApi.listProjects(), [berthApi]);
}
