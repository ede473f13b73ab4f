import { useApi } from '@backstage/core-plugin-api';
import { ProjectRef } from '@berth/plugin-berth-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { berthApiRef } from '../api';
import { useBerthRefresh } from './useBerthRefresh';

/**
 * The versions of a service's chart at its origin: `{ value, loading, error,
 * retry }`; fetched again after the page's actions.
 */
export function useChartVersions(project: ProjectRef, service: string) {
  const berthApi = useApi(berthApiRef);
  const { actions } = useBerthRefresh();
  const { namespace, name } = project;
  return useAsyncRetry(
    () => berthApi.listServiceChartVersions({ namespace, name }, service),
    [berthApi, namespace, name, service, actions],
  );
}
