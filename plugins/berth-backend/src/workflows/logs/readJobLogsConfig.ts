import { Config } from '@backstage/config';
import { configNumbers } from '../../shared/configNumbers';

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
  const { number, integer } = configNumbers(config, 'berth.workflows.logs');
  return {
    maxBytesPerJob: integer(
      'maxBytesPerJob',
      DEFAULT_MAX_BYTES_PER_JOB,
      1024,
      1024 * 1024 * 1024,
    ),
    retentionDays: number('retentionDays', DEFAULT_RETENTION_DAYS, 1, 36500),
  };
}
