/**
 * The Berth backend plugin.
 *
 * @packageDocumentation
 */

export { berthPlugin as default } from './plugin';
export {
  berthEnvironmentConditions,
  berthEnvironmentRules,
  createBerthEnvironmentConditionalDecision,
  environmentResourceRef,
} from './permissions/environmentRules';
export type {
  EnvironmentPermissionQuery,
  EnvironmentPermissionResource,
} from './permissions/environmentRules';
export {
  berthProjectConditions,
  berthProjectRules,
  createBerthProjectConditionalDecision,
  projectResourceRef,
} from './permissions/projectRules';
export type {
  ProjectPermissionQuery,
  ProjectPermissionResource,
} from './permissions/projectRules';
export {
  berthWorkflowConditions,
  berthWorkflowRules,
  createBerthWorkflowConditionalDecision,
  workflowResourceRef,
} from './workflows/api/workflowRules';
export type {
  WorkflowPermissionQuery,
  WorkflowPermissionResource,
} from './workflows/api/workflowRules';
export {
  berthSandboxConditions,
  berthSandboxRules,
  createBerthSandboxConditionalDecision,
  sandboxResourceRef,
} from './sandboxes/api/sandboxRules';
export type {
  SandboxPermissionQuery,
  SandboxPermissionResource,
} from './sandboxes/api/sandboxRules';
