export { createDeployJobType, type DeployJobDeps } from './deployJobType';
export { deployJobInput, type DeployJobInput } from './deployJobInput';
export {
  createNotificationJobType,
  type NotificationJobDeps,
} from './notificationJobType';
export { notificationJobInput } from './notificationJobInput';
export {
  createTriggerWorkflowJobType,
  type TriggerWorkflowJobDeps,
  type WorkflowRuns,
} from './triggerWorkflowJobType';
