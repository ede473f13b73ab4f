export type {
  WorkflowTriggerTarget,
  WorkflowWithTriggers,
} from './WorkflowTriggerTarget';
export { registerWorkflowTriggers } from './registerWorkflowTriggers';
export { readTriggersConfig, type TriggersConfig } from './readTriggersConfig';
export { TriggerDeliveryStore } from './TriggerDeliveryStore';
export { triggerErrors } from './triggerErrors';
