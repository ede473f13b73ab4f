import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useWorkflowsApi } from '../components/workflows/api';

/** One workflow (its newest revision and last run); none without an id. */
export function useWorkflow(workflowId: string | undefined) {
  const api = useWorkflowsApi();
  return useAsyncRetry(
    async () => (workflowId ? api.getWorkflow(workflowId) : undefined),
    [api, workflowId],
  );
}
