import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

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
  const section = config.getOptionalConfig('berth.operations');
  const number = (key: string, fallback: number, min: number, max: number) => {
    const value = section?.getOptionalNumber(key) ?? fallback;
    if (!Number.isFinite(value) || value < min || value > max) {
      throw new InputError(
        `berth.operations.${key} must be a number from ${min} to ${max}, got ${value}`,
      );
    }
    return value;
  };
  const leaseSeconds = number('leaseSeconds', 30, 2, 3600);
  const heartbeatSeconds = number(
    'heartbeatSeconds',
    Math.min(10, leaseSeconds / 3),
    0.5,
    3600,
  );
  if (heartbeatSeconds >= leaseSeconds) {
    throw new InputError(
      `berth.operations.heartbeatSeconds (${heartbeatSeconds}) must be shorter than leaseSeconds (${leaseSeconds})`,
    );
  }
  return {
    concurrency: Math.floor(number('concurrency', 4, 1, 256)),
    leaseMs: leaseSeconds * 1000,
    heartbeatMs: heartbeatSeconds * 1000,
    pollIntervalMs: number('pollIntervalMs', 1000, 50, 60_000),
    maxAttempts: Math.floor(number('maxAttempts', 5, 1, 100)),
    shutdownGraceMs: number('shutdownGraceSeconds', 10, 0, 600) * 1000,
  };
}
