import { isTerminalWorkflowRunStatus } from '@berth/plugin-berth-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useWorkflowsApi } from '../components/workflows/api';
import { WORKFLOW_POLL_MS, useWorkflowPolling } from './useWorkflowPolling';
import { useWorkflowSignals } from './useWorkflowSignals';

/**
 * A run with its stages, jobs and approvals: fetched again when a signal
 * about it arrives, and polled while it has not finished.
 */
export function useWorkflowRun(runId: string) {
  const api = useWorkflowsApi();
  const run = useAsyncRetry(() => api.getWorkflowRun(runId), [api, runId]);
  const { isSignalsAvailable } = useWorkflowSignals(signal => {
    if (signal.runId === runId) run.retry();
  });
  const active = Boolean(
    run.value && !isTerminalWorkflowRunStatus(run.value.status),
  );
  useWorkflowPolling(
    active,
    run.retry,
    isSignalsAvailable
      ? WORKFLOW_POLL_MS.withSignals
      : WORKFLOW_POLL_MS.withoutSignals,
  );
  return run;
}
