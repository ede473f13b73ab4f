import { WorkflowRunStatus } from '@berth/plugin-berth-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useWorkflowsApi } from '../components/workflows/api';
import { useWorkflowSignals } from './useWorkflowSignals';

/**
 * The runs of a workflow, newest first, of the given statuses (all without
 * any); fetched again when one of its runs changes or `refreshKey` does.
 */
export function useWorkflowRuns(
  workflowId: string,
  status: WorkflowRunStatus[] = [],
  refreshKey?: unknown,
) {
  const api = useWorkflowsApi();
  const runs = useAsyncRetry(
    () => api.listWorkflowRuns(workflowId, status.length ? { status } : {}),
    [api, workflowId, status.join(','), refreshKey],
  );
  useWorkflowSignals(signal => {
    if (signal.workflowId === workflowId) runs.retry();
  });
  return runs;
}
