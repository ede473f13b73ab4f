import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import {
  createBerthTestDatabases,
  migratedDatabase,
} from '../../__testUtils__/testDatabases';
import { DatabaseJobLogs } from './JobLogs';
import {
  JOB_LOG_RETENTION_TASK,
  deleteExpiredJobLogs,
  scheduleJobLogRetention,
} from './jobLogRetention';

jest.setTimeout(120_000);

const databases = createBerthTestDatabases();
const DAY_MS = 24 * 60 * 60 * 1000;

/** A job run's log of one chunk per text. */
async function writeLog(logs: DatabaseJobLogs, texts: string[]) {
  const job = { runId: randomUUID(), jobRunId: randomUUID(), attempt: 1 };
  const writer = logs.writer(job);
  for (const text of texts) {
    writer.write(text);
    await writer.flush();
  }
  await writer.close();
  return job;
}

/** Makes chunks look stored `days` ago. */
async function age(
  knex: Knex,
  jobRunId: string,
  days: number,
  sequence?: number,
) {
  await knex('berth_workflow_log_chunks')
    .where({ job_run_id: jobRunId, ...(sequence && { sequence }) })
    .update({ created_at: new Date(Date.now() - days * DAY_MS) });
}

describe.each(databases.eachSupportedId())('job log retention on %s', id => {
  it('deletes the logs of job runs whose newest chunk is older than the retention, whole', async () => {
    const knex = await migratedDatabase(databases, id);
    const logs = new DatabaseJobLogs({ knex });
    const old = await writeLog(logs, ['old 1\n', 'old 2\n']);
    const spanning = await writeLog(logs, ['long ago\n', 'today\n']);
    const fresh = await writeLog(logs, ['fresh\n']);
    await age(knex, old.jobRunId, 31);
    await age(knex, spanning.jobRunId, 40, 1);

    expect(await deleteExpiredJobLogs(logs.store, 30)).toBe(2);
    expect(await logs.read(old.jobRunId)).toEqual([]);
    expect(
      (await logs.read(spanning.jobRunId)).map(chunk => chunk.text),
    ).toEqual(['long ago\n', 'today\n']);
    expect((await logs.read(fresh.jobRunId)).map(chunk => chunk.text)).toEqual([
      'fresh\n',
    ]);
    expect(await deleteExpiredJobLogs(logs.store, 30)).toBe(0);
    // A day later than the spanning log's newest chunk plus the retention, it goes too.
    expect(
      await deleteExpiredJobLogs(
        logs.store,
        30,
        new Date(Date.now() + 31 * DAY_MS),
      ),
    ).toBe(3);
    expect(await logs.read(spanning.jobRunId)).toEqual([]);
  });

  it('runs through the scheduler as one global task with the configured days', async () => {
    const knex = await migratedDatabase(databases, id);
    const logs = new DatabaseJobLogs({ knex });
    const scheduler = mockServices.scheduler();
    const logger = mockServices.logger.mock();
    await scheduleJobLogRetention({
      scheduler,
      store: logs.store,
      retentionDays: 7,
      logger,
    });
    expect(await scheduler.getScheduledTasks()).toEqual([
      expect.objectContaining({ id: JOB_LOG_RETENTION_TASK, scope: 'global' }),
    ]);
    const expired = await writeLog(logs, ['a week and a day\n']);
    const kept = await writeLog(logs, ['six days\n']);
    await age(knex, expired.jobRunId, 8);
    await age(knex, kept.jobRunId, 6);

    await scheduler.triggerTask(JOB_LOG_RETENTION_TASK);
    expect(await logs.read(expired.jobRunId)).toEqual([]);
    expect(await logs.read(kept.jobRunId)).toHaveLength(1);
    expect(logger.info).toHaveBeenCalledWith(
      'Deleted 1 workflow log chunk(s) older than 7 day(s)',
    );
  });
});
