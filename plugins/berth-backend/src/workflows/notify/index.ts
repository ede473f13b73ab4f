export { NotificationLedger } from './NotificationLedger';
export { projectOwnersOf } from './projectOwners';
export type { ProjectOwners } from './projectOwners';
export { readWebhookGuard, WEBHOOK_HOSTS_KEY } from './readWebhookGuard';
export { runLink } from './runNotifications';
export { postWebhook } from './webhookPost';
export { WorkflowNotifier } from './WorkflowNotifier';
export type { WorkflowRunEvents } from './WorkflowRunEvents';
