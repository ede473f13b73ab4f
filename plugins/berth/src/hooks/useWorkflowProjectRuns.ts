import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useWorkflowsApi } from '../components/workflows/api';
import { useWorkflowSignals } from './useWorkflowSignals';

/** The workflow runs of a project (System ref), newest first; none without one. */
export function useWorkflowProjectRuns(projectRef: string | undefined) {
  const api = useWorkflowsApi();
  const runs = useAsyncRetry(
    async () => (projectRef ? api.listRuns({ projectRef, limit: 100 }) : []),
    [api, projectRef],
  );
  useWorkflowSignals(signal => {
    if (signal.projectRef === projectRef) runs.retry();
  });
  return runs;
}
