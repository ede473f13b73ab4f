import {
  BERTH_WORKFLOW_SIGNAL_CHANNEL,
  WorkflowRunSignal,
} from '@berth/plugin-berth-common';
import { useSignalMessages } from './useSignalMessages';

function isWorkflowRunSignal(message: unknown): message is WorkflowRunSignal {
  const m = message as Partial<WorkflowRunSignal> | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    typeof m.runId === 'string' &&
    typeof m.workflowId === 'string'
  );
}

/**
 * Calls `onSignal` with every WorkflowRunSignal on
 * {@link BERTH_WORKFLOW_SIGNAL_CHANNEL} (a run or one of its jobs changed
 * status). Callers fetch what they show through the API.
 */
export function useWorkflowSignals(
  onSignal: (signal: WorkflowRunSignal) => void,
): { isSignalsAvailable: boolean } {
  return useSignalMessages(
    BERTH_WORKFLOW_SIGNAL_CHANNEL,
    isWorkflowRunSignal,
    onSignal,
  );
}
