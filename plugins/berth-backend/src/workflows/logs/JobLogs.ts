import { LoggerService } from '@backstage/backend-plugin-api';
import { WorkflowLogChunk } from '@berth/plugin-berth-common';
import { Knex } from 'knex';
import { BufferedJobLogWriter } from './BufferedJobLogWriter';
import { capLimits } from './capJobLog';
import { JobLogNotifier } from './JobLogNotifier';
import { JobLogStore, JobLogTarget } from './JobLogStore';
import { DEFAULT_MAX_BYTES_PER_JOB } from './readJobLogsConfig';

/** The logs of workflow jobs: writers per job attempt, and readers. */
export interface JobLogs {
  /** A writer for one attempt of one job run. */
  writer(target: JobLogTarget): JobLogWriter;
  /** Last stored line's time of that attempt (to resume `kubectl logs --since-time` after a takeover). */
  lastTimestamp(jobRunId: string, attempt: number): Promise<Date | undefined>;
  /** Chunks after `afterSequence` (exclusive), oldest first. */
  read(
    jobRunId: string,
    options?: { afterSequence?: number; limit?: number },
  ): Promise<WorkflowLogChunk[]>;
  /** Removes every chunk of these runs (workflow deleted). */
  deleteRuns(runIds: string[]): Promise<void>;
}

/** Writes one attempt of one job run's log. */
export interface JobLogWriter {
  /** One or more lines; `at` = the line's time (from the pod's timestamps), default now. */
  write(text: string, at?: Date): void;
  /** Values to hide (secret params, tokens): replaced by `***` before storage. */
  mask(value: string): void;
  /** A LoggerService whose messages go to this log (for in-backend job types). */
  logger: LoggerService;
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** Defaults: a flush every second or at 64 KiB. */
export const DEFAULT_FLUSH_INTERVAL_MS = 1000;
export const DEFAULT_FLUSH_BYTES = 64 * 1024;

export interface DatabaseJobLogsOptions {
  knex: Knex;
  /** Shared with the SSE streams of this process, so they wake at each flush. */
  notifier?: JobLogNotifier;
  /** `berth.workflows.logs.maxBytesPerJob`; default 5 MiB. */
  maxBytesPerJob?: number;
  flushIntervalMs?: number;
  flushBytes?: number;
  /** Reports background flushes that failed (their text is retried). */
  logger?: LoggerService;
}

/** Job logs stored in chunks in Berth's database. */
export class DatabaseJobLogs implements JobLogs {
  readonly store: JobLogStore;
  readonly notifier: JobLogNotifier;
  private readonly maxBytesPerJob: number;
  private readonly flushIntervalMs: number;
  private readonly flushBytes: number;
  private readonly logger?: LoggerService;

  constructor(options: DatabaseJobLogsOptions) {
    this.store = new JobLogStore(options.knex);
    this.notifier = options.notifier ?? new JobLogNotifier();
    this.maxBytesPerJob = options.maxBytesPerJob ?? DEFAULT_MAX_BYTES_PER_JOB;
    this.flushIntervalMs = options.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS;
    this.flushBytes = options.flushBytes ?? DEFAULT_FLUSH_BYTES;
    this.logger = options.logger;
  }

  writer(target: JobLogTarget): JobLogWriter {
    return new BufferedJobLogWriter(target, this.store, this.notifier, {
      flushIntervalMs: this.flushIntervalMs,
      flushBytes: this.flushBytes,
      maxBytesPerJob: this.maxBytesPerJob,
      limits: capLimits(this.maxBytesPerJob),
      backendLogger: this.logger,
    });
  }

  lastTimestamp(jobRunId: string, attempt: number): Promise<Date | undefined> {
    return this.store.lastTimestamp(jobRunId, attempt);
  }

  read(
    jobRunId: string,
    options?: { afterSequence?: number; limit?: number },
  ): Promise<WorkflowLogChunk[]> {
    return this.store.read(jobRunId, options);
  }

  async deleteRuns(runIds: string[]): Promise<void> {
    await this.store.deleteRuns(runIds);
  }
}
