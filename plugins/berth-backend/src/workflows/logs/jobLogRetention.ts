import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { JobLogStore } from './JobLogStore';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The scheduler task's id (one run at a time across replicas). */
export const JOB_LOG_RETENTION_TASK = 'berth-workflow-log-retention';

/**
 * Deletes the logs of job runs stored more than `retentionDays` before
 * `now` (whole job runs: the newest chunk decides); returns how many chunks.
 */
export async function deleteExpiredJobLogs(
  store: JobLogStore,
  retentionDays: number,
  now: Date = new Date(),
): Promise<number> {
  return store.deleteStoredBefore(
    new Date(now.getTime() - retentionDays * DAY_MS),
  );
}

/** Schedules `deleteExpiredJobLogs` every hour, on one replica at a time. */
export async function scheduleJobLogRetention(options: {
  scheduler: SchedulerService;
  store: JobLogStore;
  retentionDays: number;
  logger: LoggerService;
}): Promise<void> {
  const { scheduler, store, retentionDays, logger } = options;
  await scheduler.scheduleTask({
    id: JOB_LOG_RETENTION_TASK,
    frequency: { hours: 1 },
    timeout: { minutes: 15 },
    initialDelay: { minutes: 1 },
    scope: 'global',
    fn: async () => {
      const deleted = await deleteExpiredJobLogs(store, retentionDays);
      if (deleted > 0) {
        logger.info(
          `Deleted ${deleted} workflow log chunk(s) older than ${retentionDays} day(s)`,
        );
      }
    },
  });
}
