import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** How the workflow engine runs (`berth.workflows.engine`). */
export interface WorkflowEngineConfig {
  /** How often a replica looks for queued runs and expired leases. */
  pollIntervalMs: number;
  /** A lease expires this long after its last renewal; then another replica takes the run over. */
  leaseMs: number;
  /** How often a replica renews its leases (and sees cancels and continues of other replicas). */
  heartbeatMs: number;
  /**
   * Runs started and not finished (running, waiting, cancelling) across all
   * replicas, but for runs only waiting for an approval (those keep their
   * concurrency group's slot, not a global one).
   */
  maxRunningRuns: number;
  /**
   * Kubernetes Jobs of workflows at once per cluster (for the Kubernetes job
   * types), across replicas: KubernetesJobSlots.
   */
  maxKubernetesJobsPerCluster: number;
  /** On shutdown, and after a cancel or timeout, how long a job gets to stop. */
  shutdownGraceMs: number;
}

const PREFIX = 'berth.workflows.engine';

/** Reads `berth.workflows.engine`, with defaults; InputError for values out of range. */
export function readWorkflowEngineConfig(config: Config): WorkflowEngineConfig {
  const section = config.getOptionalConfig(PREFIX);
  const number = (key: string, fallback: number, min: number, max: number) => {
    const value = section?.getOptionalNumber(key) ?? fallback;
    if (!Number.isFinite(value) || value < min || value > max) {
      throw new InputError(
        `${PREFIX}.${key} must be a number from ${min} to ${max}, got ${value}`,
      );
    }
    return value;
  };
  const leaseSeconds = number('leaseSeconds', 30, 2, 3600);
  const heartbeatSeconds = number(
    'heartbeatSeconds',
    Math.min(10, leaseSeconds / 3),
    0.1,
    3600,
  );
  if (heartbeatSeconds >= leaseSeconds) {
    throw new InputError(
      `${PREFIX}.heartbeatSeconds (${heartbeatSeconds}) must be shorter than leaseSeconds (${leaseSeconds})`,
    );
  }
  return {
    pollIntervalMs: number('pollIntervalMs', 1000, 20, 60_000),
    leaseMs: leaseSeconds * 1000,
    heartbeatMs: heartbeatSeconds * 1000,
    maxRunningRuns: Math.floor(number('maxRunningRuns', 20, 1, 10_000)),
    maxKubernetesJobsPerCluster: Math.floor(
      number('maxKubernetesJobsPerCluster', 10, 1, 10_000),
    ),
    shutdownGraceMs: number('shutdownGraceSeconds', 10, 0, 600) * 1000,
  };
}
