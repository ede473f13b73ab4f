export type { JobLogs, JobLogWriter, DatabaseJobLogsOptions } from './JobLogs';
export {
  DatabaseJobLogs,
  DEFAULT_FLUSH_BYTES,
  DEFAULT_FLUSH_INTERVAL_MS,
} from './JobLogs';
export { JobLogStore } from './JobLogStore';
export type { JobLogTarget } from './JobLogStore';
export { JobLogNotifier } from './JobLogNotifier';
export { streamJobLog } from './streamJobLog';
export type { StreamJobLogOptions } from './streamJobLog';
export {
  deleteExpiredJobLogs,
  scheduleJobLogRetention,
  JOB_LOG_RETENTION_TASK,
} from './jobLogRetention';
export { readJobLogsConfig } from './readJobLogsConfig';
export type { JobLogsConfig } from './readJobLogsConfig';
export { MASK } from './LogMasker';
