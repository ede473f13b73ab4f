import { V1PodSpec } from '@kubernetes/client-node';

// The Kubernetes Job runner's contract (workflows/kubernetesJobs/KubernetesJobRunner.ts, built by
// another engineer at the same time): the build job type only needs these shapes, so it declares
// them here; the merge points this file at the runner's own types.

/** What the build asks the runner to run. */
export interface KubernetesJobRequest {
  cluster: string;
  namespace: string;
  /** Deterministic: kubernetesJobName(runId, job, attempt). */
  name: string;
  labels: Record<string, string>;
  /** The runner adds restartPolicy Never, no service account token, the deadline. */
  pod: V1PodSpec;
  timeoutSeconds: number;
  sinceTime?: Date;
  onLog(text: string, at: Date): void;
  signal: AbortSignal;
}

/** How the Job ended. */
export interface KubernetesJobResult {
  exitCode: number;
  terminationMessage?: string;
  reason?: string;
}

/** Runs a Kubernetes Job to its end (re-attaching to one of the same name). */
export type RunKubernetesJob = (
  request: KubernetesJobRequest,
) => Promise<KubernetesJobResult>;

/** The labels the design gives a job's Kubernetes Job. */
export const WORKFLOW_JOB_LABELS = {
  run: 'berth.io/workflow-run',
  jobRun: 'berth.io/job-run',
} as const;
