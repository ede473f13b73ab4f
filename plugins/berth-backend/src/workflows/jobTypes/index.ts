export { createDeployJobType } from './deployJobType';
export type { DeployJobDeps } from './deployJobType';
export { deployJobInput } from './deployJobInput';
export type { DeployJobInput } from './deployJobInput';
export { createNotificationJobType } from './notificationJobType';
export type { NotificationJobDeps } from './notificationJobType';
export { notificationJobInput } from './notificationJobInput';
export { createTriggerWorkflowJobType } from './triggerWorkflowJobType';
export type {
  TriggerWorkflowJobDeps,
  WorkflowRuns,
} from './triggerWorkflowJobType';
