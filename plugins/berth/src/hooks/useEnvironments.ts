import { useApi } from '@backstage/core-plugin-api';
import { ProjectRef } from '@berth/plugin-berth-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { berthApiRef } from '../api';
import { useBerthRefresh } from './useBerthRefresh';

/**
 * The environments of a project (none while `project` is undefined):
 * `{ value, loading, error, retry }`; fetched again after the page's actions.
 */
export function useEnvironments(project: ProjectRef | undefined) {
  const berthApi = useApi(berthApiRef);
  const { actions } = useBerthRefresh();
  return useAsyncRetry(
    async () => (project ? berthApi.listEnvironments(project) : []),
    [berthApi, project?.namespace, project?.name, actions],
  );
}
