export type { WorkflowRunEvents } from '../engine/WorkflowRunEvents';
