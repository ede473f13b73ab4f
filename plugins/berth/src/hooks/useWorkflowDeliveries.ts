import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useWorkflowsApi } from '../components/workflows/api';

/** The trigger deliveries of a workflow: matched or ignored, with the reason. */
export function useWorkflowDeliveries(workflowId: string) {
  const api = useWorkflowsApi();
  return useAsyncRetry(
    () => api.listWorkflowDeliveries(workflowId),
    [api, workflowId],
  );
}
