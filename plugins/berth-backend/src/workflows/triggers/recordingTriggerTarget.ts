import { InputError } from '@backstage/errors';
import {
  WorkflowParamValue,
  WorkflowRunTrigger,
} from '@berth/plugin-berth-common';
import { randomUUID } from 'node:crypto';
import {
  WorkflowTriggerTarget,
  WorkflowWithTriggers,
} from './WorkflowTriggerTarget';

/** A run the recording target was asked to start. */
export interface RecordedRun {
  runId: string;
  workflowId: string;
  params: Record<string, WorkflowParamValue>;
  trigger: WorkflowRunTrigger;
  options?: { supersedeKey?: string };
}

/**
 * A `WorkflowTriggerTarget` for the trigger tests: the workflows it is given,
 * and every run asked for, in order (the real one is the workflow engine's).
 * `refuseParams` makes `startRun` throw the InputError the engine throws.
 */
export class RecordingTriggerTarget implements WorkflowTriggerTarget {
  readonly runs: RecordedRun[] = [];
  refuseParams?: string;

  constructor(public workflows: WorkflowWithTriggers[] = []) {}

  async listTriggers(): Promise<WorkflowWithTriggers[]> {
    return this.workflows;
  }

  async startRun(
    workflowId: string,
    params: Record<string, WorkflowParamValue>,
    trigger: WorkflowRunTrigger,
    options?: { supersedeKey?: string },
  ): Promise<{ runId: string }> {
    if (this.refuseParams) throw new InputError(this.refuseParams);
    const runId = randomUUID();
    this.runs.push({ runId, workflowId, params, trigger, options });
    return { runId };
  }
}
