import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { berthApiRef } from '../api';

/** One environment, by id: `{ value, loading, error, retry }`. */
export function useEnvironment(id: string) {
  const berthApi = useApi(berthApiRef);
  return useAsyncRetry(() => berthApi.getEnvironment(id), [berthApi, id]);
}
