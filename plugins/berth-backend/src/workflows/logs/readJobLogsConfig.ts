import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

export const DEFAULT_MAX_BYTES_PER_JOB = 5 * 1024 * 1024;
export const DEFAULT_RETENTION_DAYS = 30;

/** `berth.workflows.logs`. */
export interface JobLogsConfig {
  /** A job attempt's stored log is capped here (head and tail kept). */
  maxBytesPerJob: number;
  /** Logs stored longer ago than this are deleted. */
  retentionDays: number;
}

/** Reads `berth.workflows.logs`, with defaults; InputError for values out of range. */
export function readJobLogsConfig(config: Config): JobLogsConfig {
  const section = config.getOptionalConfig('berth.workflows.logs');
  const number = (key: string, fallback: number, min: number, max: number) => {
    const value = section?.getOptionalNumber(key) ?? fallback;
    if (!Number.isFinite(value) || value < min || value > max) {
      throw new InputError(
        `berth.workflows.logs.${key} must be a number from ${min} to ${max}, got ${value}`,
      );
    }
    return value;
  };
  return {
    maxBytesPerJob: Math.floor(
      number(
        'maxBytesPerJob',
        DEFAULT_MAX_BYTES_PER_JOB,
        1024,
        1024 * 1024 * 1024,
      ),
    ),
    retentionDays: number('retentionDays', DEFAULT_RETENTION_DAYS, 1, 36500),
  };
}
