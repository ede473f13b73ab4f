export { DefaultWorkflowService, isRunFinished } from './WorkflowService';
export type {
  WorkflowService,
  WorkflowServiceDeps,
  WorkflowListQuery,
  WorkflowRunQuery,
  WorkflowActor,
  ApprovalWithRun,
} from './WorkflowService';
export { WorkflowEngine } from './engine/WorkflowEngine';
export {
  createWorkflowStores,
  type WorkflowStores,
  type WorkflowEngineDeps,
} from './engine/engineDeps';
export {
  readWorkflowEngineConfig,
  type WorkflowEngineConfig,
} from './engine/readWorkflowEngineConfig';
export type { WorkflowRunEvents } from './engine/WorkflowRunEvents';
export { WorkflowSignals, type ProjectOwners } from './engine/WorkflowSignals';
export { createWorkflowTriggerTarget } from './engine/workflowTriggerTarget';
export {
  createWorkflowRuntime,
  type WorkflowRuntime,
  type WorkflowRuntimeOptions,
} from './engine/createWorkflowRuntime';
export {
  resolveEnvironmentFromStore,
  projectOwnersFromStore,
} from './engine/storeLookups';
export {
  createApprovalJobType,
  approvalSpecSchema,
  decideApproval,
} from './approvals';
export {
  parseDefinition,
  validateDefinition,
  computeTargets,
  resolveRunParams,
  type ResolveEnvironment,
  type ResolvedEnvironment,
} from './definitions';
export { TABLES as WORKFLOW_TABLES } from './store';
