import { V1PodSpec } from '@kubernetes/client-node';

/** Labels every workflow Job and its pod carry. */
export const WORKFLOW_RUN_LABEL = 'berth.dev/workflow-run';
export const JOB_RUN_LABEL = 'berth.dev/job-run';

/** One Kubernetes Job to run for one attempt of a workflow job. */
export interface KubernetesJobRequest {
  /** A configured cluster's name. */
  cluster: string;
  /** The job's namespace (an environment's, or a configured one). */
  namespace: string;
  /** Deterministic: `kubernetesJobName(runId, job, attempt)`. */
  name: string;
  /** `berth.dev/workflow-run` and `berth.dev/job-run` (ids), and any others. */
  labels: Record<string, string>;
  /** Containers etc.; the runner adds restartPolicy Never, no service account token, the deadline. */
  pod: V1PodSpec;
  /** The Job's activeDeadlineSeconds. */
  timeoutSeconds: number;
  /** Resume the logs after this time (a takeover): earlier lines and this one are not repeated. */
  sinceTime?: Date;
  /** Each log line (without its timestamp) with the time the container wrote it. */
  onLog(text: string, at: Date): void;
  /**
   * Told `waiting for a Kubernetes Job slot on <cluster>` when the cluster's
   * Jobs are at `berth.workflows.engine.maxKubernetesJobsPerCluster`, then
   * `undefined` once the request holds a slot (the job type shows it:
   * `setWaiting`).
   */
  onWaiting?(message: string | undefined): Promise<void> | void;
  /** Where the Job is: `created` or `adopted` (it existed: a takeover), then `running` (its container started). */
  onProgress?(step: 'created' | 'adopted' | 'running', at: Date): void;
  /**
   * Aborting stops following the Job; with reason `cancel` or `timeout`
   * (see `abortDeletesJob`) the Job is deleted too, else it keeps running
   * (the replica stops; another one re-attaches by name).
   */
  signal: AbortSignal;
}

/** How a Kubernetes Job ended. */
export interface KubernetesJobResult {
  /** The container's exit code; -1 when it never ran or was removed before it ended. */
  exitCode: number;
  /** The container's termination message (outputs travel through it). */
  terminationMessage?: string;
  /** Why it ended when not by itself: DeadlineExceeded, ImagePullBackOff, PodDeleted, JobDeleted... or the container's reason (Completed, Error, OOMKilled). */
  reason?: string;
  /** Whether the logs were read to the end (then ttlSecondsAfterFinished was set). */
  logsComplete: boolean;
}
