export { workflowRoutes } from './workflowRoutes';
export type { WorkflowRouteOptions } from './workflowRoutes';
export { AuthorizedWorkflows } from './AuthorizedWorkflows';
export { WorkflowAuthorizer } from './WorkflowAuthorizer';
export {
  berthWorkflowRules,
  berthWorkflowConditions,
  createBerthWorkflowConditionalDecision,
  workflowResourceRef,
} from './workflowRules';
export type {
  WorkflowPermissionResource,
  WorkflowPermissionQuery,
} from './workflowRules';
export { workflowResourceLoader } from './workflowResource';
export { readRequireApprovalForTiers } from './requireApprovalForTiers';
export type * from './WorkflowServiceContract';
