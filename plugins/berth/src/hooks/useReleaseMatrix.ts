import { useApi } from '@backstage/core-plugin-api';
import { ProjectRef } from '@berth/plugin-berth-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { berthApiRef } from '../api';
import { useBerthRefresh } from './useBerthRefresh';

/**
 * A project's services × environments: `{ value, loading, error, retry }`;
 * fetched again after the page's actions.
 */
export function useReleaseMatrix(project: ProjectRef) {
  const berthApi = useApi(berthApiRef);
  const { actions } = useBerthRefresh();
  const { namespace, name } = project;
  return useAsyncRetry(
    () => berthApi.getReleaseMatrix({ namespace, name }),
    [berthApi, namespace, name, actions],
  );
}
