// The build job type runs its pod through the workflows' Kubernetes Job runner.
import {
  JOB_RUN_LABEL,
  KubernetesJobRequest,
  KubernetesJobResult,
  WORKFLOW_RUN_LABEL,
} from '../kubernetesJobs/KubernetesJobRequest';

export type { KubernetesJobRequest, KubernetesJobResult };

/** Runs a Kubernetes Job to its end (re-attaching to one of the same name). */
export type RunKubernetesJob = (
  request: KubernetesJobRequest,
) => Promise<KubernetesJobResult>;

/** The labels of a workflow job's Kubernetes Job. */
export const WORKFLOW_JOB_LABELS = {
  run: WORKFLOW_RUN_LABEL,
  jobRun: JOB_RUN_LABEL,
} as const;
