import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useWorkflowsApi } from '../components/workflows/api';
import { useWorkflowSignals } from './useWorkflowSignals';

/** The approvals waiting for the caller, with their runs; fetched again when a run changes. */
export function useWorkflowApprovals() {
  const api = useWorkflowsApi();
  const approvals = useAsyncRetry(
    () => api.listWorkflowApprovals({ status: ['waiting'], mine: true }),
    [api],
  );
  useWorkflowSignals(() => approvals.retry());
  return approvals;
}
