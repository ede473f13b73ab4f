export {
  type JobLogs,
  type JobLogWriter,
  type DatabaseJobLogsOptions,
  DatabaseJobLogs,
  DEFAULT_FLUSH_BYTES,
  DEFAULT_FLUSH_INTERVAL_MS,
} from './JobLogs';
export { JobLogStore, type JobLogTarget } from './JobLogStore';
export { JobLogNotifier } from './JobLogNotifier';
export { streamJobLog, type StreamJobLogOptions } from './streamJobLog';
export {
  deleteExpiredJobLogs,
  scheduleJobLogRetention,
  JOB_LOG_RETENTION_TASK,
} from './jobLogRetention';
export { readJobLogsConfig, type JobLogsConfig } from './readJobLogsConfig';
export { MASK } from './LogMasker';
