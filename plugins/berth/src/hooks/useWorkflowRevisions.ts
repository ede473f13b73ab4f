import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useWorkflowsApi } from '../components/workflows/api';

/** The revisions of a workflow, newest first; fetched again when `revision` changes. */
export function useWorkflowRevisions(workflowId: string, revision?: number) {
  const api = useWorkflowsApi();
  return useAsyncRetry(
    () => api.listWorkflowRevisions(workflowId),
    [api, workflowId, revision],
  );
}
