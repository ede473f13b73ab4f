import {
  WorkflowParamValue,
  WorkflowRunTrigger,
  WorkflowTrigger,
} from '@berth/plugin-berth-common';

/** One enabled workflow's triggers, as its newest revision defines them. */
export interface WorkflowWithTriggers {
  workflowId: string;
  projectRef: string;
  workflowName: string;
  triggers: WorkflowTrigger[];
  /** Who saved the newest revision: git and cron runs act as them. */
  savedBy: string;
  /**
   * When the newest revision was saved (ISO 8601). A cron trigger never
   * fires a due time before it; without it, only due times of the last
   * minute fire on the first tick.
   */
  savedAt?: string;
}

/**
 * What the triggers need from the workflow engine (wf-engine implements it;
 * the triggers call it).
 */
export interface WorkflowTriggerTarget {
  /** Every enabled workflow's triggers (newest revision) with who saved them. */
  listTriggers(): Promise<WorkflowWithTriggers[]>;
  /** Starts a run; throws InputError when params are refused. */
  startRun(
    workflowId: string,
    params: Record<string, WorkflowParamValue>,
    trigger: WorkflowRunTrigger,
    options?: { supersedeKey?: string },
  ): Promise<{ runId: string }>;
}
