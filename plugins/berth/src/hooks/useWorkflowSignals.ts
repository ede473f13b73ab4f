import {
  BERTH_WORKFLOW_SIGNAL_CHANNEL,
  WorkflowRunSignal,
} from '@berth/plugin-berth-common';
import { channelSignalsHook } from './useSignalMessages';

/**
 * Calls `onSignal` with every WorkflowRunSignal on
 * {@link BERTH_WORKFLOW_SIGNAL_CHANNEL} (a run or one of its jobs changed
 * status). Callers fetch what they show through the API.
 */
export const useWorkflowSignals = channelSignalsHook<WorkflowRunSignal>(
  BERTH_WORKFLOW_SIGNAL_CHANNEL,
  'runId',
  'workflowId',
);
