import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  BerthWorkflow,
  isTerminalWorkflowRunStatus,
  WorkflowParamValue,
  WorkflowRunStatus,
  WorkflowRunSummary,
  WorkflowRunTrigger,
} from '@berth/plugin-berth-common';
import { WorkflowRuns } from '../triggerWorkflowJobType';
import { TriggerRevisions } from '../../store';

/**
 * Workflows and runs in memory, standing in for the WorkflowService (the
 * engine is not part of these tests): runs stay where the test sets them
 * (`setStatus`), started runs are `queued`.
 */
export class InMemoryWorkflowRuns implements WorkflowRuns {
  readonly workflows: BerthWorkflow[] = [];
  readonly runs: WorkflowRunSummary[] = [];
  readonly cancelled: Array<{ runId: string; actor: string }> = [];
  /** What each run's `trigger-workflow` jobs may start (set by the test, or passed to startRun). */
  readonly triggerRevisions = new Map<string, TriggerRevisions>();

  addWorkflow(projectRef: string, name: string): BerthWorkflow {
    const workflow: BerthWorkflow = {
      id: `wf-${name}`,
      projectRef,
      name,
      title: name,
      enabled: true,
      revision: 1,
      definition: { stages: [] },
      targets: { tiers: [], clusters: [], environments: [] },
      createdBy: 'user:default/ada',
      updatedBy: 'user:default/ada',
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    };
    this.workflows.push(workflow);
    return workflow;
  }

  addRun(workflowId: string, trigger: WorkflowRunTrigger): WorkflowRunSummary {
    const workflow = this.workflows.find(w => w.id === workflowId)!;
    const run: WorkflowRunSummary = {
      id: `run-${this.runs.length + 1}`,
      workflowId,
      workflowName: workflow.name,
      projectRef: workflow.projectRef,
      sequence: this.runs.filter(r => r.workflowId === workflowId).length + 1,
      revision: workflow.revision,
      status: 'queued',
      params: {},
      trigger,
      createdBy: trigger.actor,
      createdAt: new Date().toISOString(),
      concurrencyGroup: workflowId,
    };
    this.runs.push(run);
    return run;
  }

  setStatus(runId: string, status: WorkflowRunStatus, message?: string) {
    const run = this.runs.find(r => r.id === runId)!;
    run.status = status;
    run.message = message;
  }

  async getWorkflowByName(projectRef: string, name: string) {
    const found = this.workflows.find(
      w => w.projectRef === projectRef && w.name === name,
    );
    if (!found) {
      throw new NotFoundError(`No workflow '${name}' in ${projectRef}`);
    }
    return found;
  }

  async startRun(
    workflowId: string,
    params: Record<string, WorkflowParamValue>,
    trigger: WorkflowRunTrigger,
    options: { revision?: number; triggerRevisions?: TriggerRevisions } = {},
  ) {
    const run = this.addRun(workflowId, trigger);
    run.params = params;
    if (options.revision !== undefined) run.revision = options.revision;
    if (options.triggerRevisions) {
      this.triggerRevisions.set(run.id, options.triggerRevisions);
    }
    return { ...run };
  }

  async triggerRevisionsOf(runId: string) {
    await this.getRun(runId);
    return this.triggerRevisions.get(runId);
  }

  async getRun(runId: string) {
    const run = this.runs.find(r => r.id === runId);
    if (!run) throw new NotFoundError(`No run ${runId}`);
    return { ...run };
  }

  async cancelRun(runId: string, actor: string) {
    const run = await this.getRun(runId);
    if (isTerminalWorkflowRunStatus(run.status)) {
      throw new ConflictError(`Run ${runId} has finished`);
    }
    this.cancelled.push({ runId, actor });
    this.setStatus(runId, 'cancelled');
    return this.getRun(runId);
  }

  async listRuns(query: { workflowId?: string; limit?: number }) {
    return this.runs
      .filter(r => !query.workflowId || r.workflowId === query.workflowId)
      .reverse()
      .slice(0, query.limit ?? 50)
      .map(r => ({ ...r }));
  }
}
