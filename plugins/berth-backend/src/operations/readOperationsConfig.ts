import { Config } from '@backstage/config';
import { configNumbers } from '../config/configNumbers';

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
  const { number, integer, milliseconds, lease } = configNumbers(
    config,
    'berth.operations',
  );
  return {
    concurrency: integer('concurrency', 4, 1, 256),
    ...lease(0.5),
    pollIntervalMs: number('pollIntervalMs', 1000, 50, 60_000),
    maxAttempts: integer('maxAttempts', 5, 1, 100),
    shutdownGraceMs: milliseconds('shutdownGraceSeconds', 10, 0, 600),
  };
}
