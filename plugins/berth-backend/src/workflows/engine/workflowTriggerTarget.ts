import { WorkflowTriggerTarget } from '../triggers/WorkflowTriggerTarget';
import { WorkflowStore } from '../store';
import type { WorkflowService } from '../WorkflowService';

/** The triggers' view of the workflows: enabled workflows' triggers, and runs started through the service. */
export function createWorkflowTriggerTarget(
  service: Pick<WorkflowService, 'startRun'>,
  workflows: WorkflowStore,
): WorkflowTriggerTarget {
  return {
    async listTriggers() {
      const saved = await workflows.listEnabled();
      return saved
        .filter(w => (w.definition.triggers ?? []).length > 0)
        .map(w => ({
          workflowId: w.id,
          projectRef: w.projectRef,
          workflowName: w.name,
          triggers: w.definition.triggers ?? [],
          savedBy: w.savedBy,
          savedAt: w.savedAt,
        }));
    },
    async startRun(workflowId, params, trigger, options) {
      const run = await service.startRun(workflowId, params, trigger, options);
      return { runId: run.id };
    },
  };
}
