import { useApi } from '@backstage/core-plugin-api';
import { BerthApi } from '@berth/plugin-berth-common';
import { DependencyList } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { berthApiRef } from '../api';

/**
 * What `read` gets from the Berth API: `{ value, loading, error, retry }`
 * (`useAsyncRetry`), read again when one of `deps` changes. `deps` are what
 * `read` uses besides the API.
 */
export function useBerthQuery<T>(
  read: (berthApi: BerthApi) => Promise<T>,
  deps: DependencyList,
) {
  const berthApi = useApi(berthApiRef);
  return useAsyncRetry(() => read(berthApi), [berthApi, ...deps]);
}
