import { Config } from '@backstage/config';
import { configNumbers } from '../shared/configNumbers';

/** How the operations engine runs (`berth.operations`). */
export interface OperationsConfig {
  /** Operations one replica runs at once. */
  concurrency: number;
  /** A lease expires this long after its last renewal. */
  leaseMs: number;
  /** How often a replica renews the leases of what it runs. */
  heartbeatMs: number;
  /** How often a replica looks for queued operations and expired leases. */
  pollIntervalMs: number;
  /** Runs (first run, resumes, takeovers) before an operation fails for good. */
  maxAttempts: number;
  /** On shutdown, how long running operations get to stop before their leases are released. */
  shutdownGraceMs: number;
}

/** Reads `berth.operations`, with defaults; InputError for values out of range. */
export function readOperationsConfig(config: Config): OperationsConfig {
  const { integer, leasedWork } = configNumbers(config, 'berth.operations');
  return {
    ...leasedWork({ minHeartbeatSeconds: 0.5, minPollIntervalMs: 50 }),
    concurrency: integer('concurrency', 4, 1, 256),
    maxAttempts: integer('maxAttempts', 5, 1, 100),
  };
}
