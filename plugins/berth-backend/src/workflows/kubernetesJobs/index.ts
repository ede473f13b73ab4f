export { KubernetesJobRunner } from './KubernetesJobRunner';
export type { KubernetesJobRunnerOptions } from './KubernetesJobRunner';
export type {
  KubernetesJobRequest,
  KubernetesJobResult,
} from './KubernetesJobRequest';
export { JOB_RUN_LABEL, WORKFLOW_RUN_LABEL } from './KubernetesJobRequest';
export { kubernetesJobName } from './kubernetesJobName';
export { abortDeletesJob, KubernetesJobAbortedError } from './abortDeletesJob';
export { readKubernetesJobSettings } from './readKubernetesJobSettings';
export type { KubernetesJobSettings } from './readKubernetesJobSettings';
export { createScriptJobType, createTestJobType } from './scriptJobTypes';
export type { ScriptJobTypeOptions, TestJobOutputs } from './scriptJobTypes';
export type { KubernetesJobContextExtras } from './KubernetesJobContext';
export { KubernetesJobSlots } from './KubernetesJobSlots';
export type {
  KubernetesJobSlot,
  KubernetesJobSlotGate,
  KubernetesJobSlotRequest,
  KubernetesJobSlotsOptions,
} from './KubernetesJobSlots';
export { LeftKubernetesJobs } from './LeftKubernetesJobs';
export type { KubernetesJobDeleter } from './LeftKubernetesJobs';
