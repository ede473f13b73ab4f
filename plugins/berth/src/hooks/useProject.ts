import { useApi } from '@backstage/core-plugin-api';
import { ProjectRef } from '@berth/plugin-berth-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { berthApiRef } from '../api';

/** One project: `{ value, loading, error, retry }`. */
export function useProject(project: ProjectRef) {
  const berthApi = useApi(berthApiRef);
  const { namespace, name } = project;
  return useAsyncRetry(
    () => berthApi.getProject({ namespace, name }),
    [berthApi, namespace, name],
  );
}
