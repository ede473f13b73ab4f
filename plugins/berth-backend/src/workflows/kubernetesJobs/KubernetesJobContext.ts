import { BerthJobContext } from '@berth/plugin-berth-node';

/**
 * What the `script` and `test` job types use beyond `BerthJobContext` when
 * the engine gives it (proposed for `BerthJobContext`; without them the
 * lines go to `logger.info` with their own time lost, a resumed attempt
 * reads its log from the pod's start, and the Job's deadline is
 * `berth.workflows.jobs.defaultTimeoutSeconds`).
 */
export interface KubernetesJobContextExtras {
  /** When the engine times this attempt out: the Job's activeDeadlineSeconds. */
  deadline?: Date;
  /** Writes lines to the job's log with the time they were written (JobLogWriter.write). */
  log?(text: string, at?: Date): void;
  /** The last stored log line's time of this attempt (JobLogs.lastTimestamp). */
  lastLogTimestamp?(): Promise<Date | undefined>;
}

export type KubernetesJobContext<TParams> = BerthJobContext<TParams> &
  KubernetesJobContextExtras;

/** Where a script or test job's Kubernetes Job is; saved as the attempt's checkpoint. */
export interface KubernetesJobCheckpoint {
  cluster: string;
  namespace: string;
  name: string;
}

export function readCheckpoint(
  saved: unknown,
): KubernetesJobCheckpoint | undefined {
  const s = saved as Partial<KubernetesJobCheckpoint> | undefined;
  return typeof s?.cluster === 'string' &&
    typeof s.namespace === 'string' &&
    typeof s.name === 'string'
    ? { cluster: s.cluster, namespace: s.namespace, name: s.name }
    : undefined;
}
