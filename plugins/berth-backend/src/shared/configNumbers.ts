import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/**
 * Reads the numbers of one config section (`path`, e.g.
 * `berth.operations`): each key has a default and a range, and a value out
 * of its range is an InputError naming the key.
 */
export function configNumbers(config: Config, path: string) {
  const section = config.getOptionalConfig(path);
  const number = (key: string, fallback: number, min: number, max: number) => {
    const value = section?.getOptionalNumber(key) ?? fallback;
    if (!Number.isFinite(value) || value < min || value > max) {
      throw new InputError(
        `${path}.${key} must be a number from ${min} to ${max}, got ${value}`,
      );
    }
    return value;
  };
  return {
    number,
    /** A count: the number rounded down. */
    integer: (key: string, fallback: number, min: number, max: number) =>
      Math.floor(number(key, fallback, min, max)),
    /** Seconds read from `key`, in milliseconds. */
    milliseconds: (key: string, fallback: number, min: number, max: number) =>
      number(key, fallback, min, max) * 1000,
    /**
     * The timings of an engine whose replicas lease the work they run: the
     * lease (`leaseSeconds`, default 30), how often a replica renews it
     * (`heartbeatSeconds`, default a third of the lease, at most 10; shorter
     * than the lease), how often it looks for work (`pollIntervalMs`, default
     * 1000) and how long running work gets to stop on shutdown
     * (`shutdownGraceSeconds`, default 10). In milliseconds.
     */
    leasedWork(limits: {
      minHeartbeatSeconds: number;
      minPollIntervalMs: number;
    }) {
      const leaseSeconds = number('leaseSeconds', 30, 2, 3600);
      const heartbeatSeconds = number(
        'heartbeatSeconds',
        Math.min(10, leaseSeconds / 3),
        limits.minHeartbeatSeconds,
        3600,
      );
      if (heartbeatSeconds >= leaseSeconds) {
        throw new InputError(
          `${path}.heartbeatSeconds (${heartbeatSeconds}) must be shorter than leaseSeconds (${leaseSeconds})`,
        );
      }
      return {
        leaseMs: leaseSeconds * 1000,
        heartbeatMs: heartbeatSeconds * 1000,
        pollIntervalMs: number(
          'pollIntervalMs',
          1000,
          limits.minPollIntervalMs,
          60_000,
        ),
        shutdownGraceMs: number('shutdownGraceSeconds', 10, 0, 600) * 1000,
      };
    },
  };
}
