import { Config } from '@backstage/config';
import { configNumbers } from '../../shared/configNumbers';

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

/** Reads `berth.workflows.engine`, with defaults; InputError for values out of range. */
export function readWorkflowEngineConfig(config: Config): WorkflowEngineConfig {
  const numbers = configNumbers(config, 'berth.workflows.engine');
  return {
    ...numbers.leasedWork({ minHeartbeatSeconds: 0.1, minPollIntervalMs: 20 }),
    maxRunningRuns: numbers.integer('maxRunningRuns', 20, 1, 10_000),
    maxKubernetesJobsPerCluster: numbers.integer(
      'maxKubernetesJobsPerCluster',
      10,
      1,
      10_000,
    ),
  };
}
