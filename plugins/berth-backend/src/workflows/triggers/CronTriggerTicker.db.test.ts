import { mockServices } from '@backstage/backend-test-utils';
import { WorkflowCronTrigger } from '@berth/plugin-berth-common';
import knexFactory, { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import {
  createBerthTestDatabases,
  migratedDatabase,
} from '../../__testUtils__/testDatabases';
import { CronFireStore } from './CronFireStore';
import { CronTriggerTicker } from './CronTriggerTicker';
import { RecordingTriggerTarget } from './recordingTriggerTarget';
import { TriggerDeliveryStore } from './TriggerDeliveryStore';
import { WorkflowWithTriggers } from './WorkflowTriggerTarget';

jest.setTimeout(180_000);

const databases = createBerthTestDatabases();

const cron = (
  name: string,
  expression: string,
  extra: Partial<WorkflowCronTrigger> = {},
): WorkflowCronTrigger => ({ type: 'cron', name, cron: expression, ...extra });

function workflow(
  triggers: WorkflowCronTrigger[],
  savedAt: string,
): WorkflowWithTriggers {
  return {
    workflowId: randomUUID(),
    projectRef: 'system:default/shop',
    workflowName: `nightly-${randomUUID().slice(0, 8)}`,
    savedBy: 'user:default/ada',
    savedAt,
    triggers,
  };
}

function ticker(knex: Knex, target: RecordingTriggerTarget) {
  const logger = mockServices.logger.mock();
  return {
    logger,
    ticker: new CronTriggerTicker({
      target,
      fires: new CronFireStore(knex),
      deliveries: new TriggerDeliveryStore(knex),
      logger,
    }),
  };
}

const at = (iso: string) => new Date(iso);

describe.each(databases.eachSupportedId())('CronTriggerTicker on %s', id => {
  it('fires each due time since the trigger was saved once, as who saved it, and records it', async () => {
    const knex = await migratedDatabase(databases, id);
    const wf = workflow(
      [cron('every-minute', '* * * * *', { params: { suite: 'smoke' } })],
      '2026-12-06T07:00:30.000Z',
    );
    const target = new RecordingTriggerTarget([wf]);
    const { ticker: t } = ticker(knex, target);

    const first = await t.tick(at('2026-12-06T07:03:10.000Z'));
    expect(first.map(f => [f.dueAt, f.outcome])).toEqual([
      ['2026-12-06T07:01:00.000Z', 'matched'],
      ['2026-12-06T07:02:00.000Z', 'matched'],
      ['2026-12-06T07:03:00.000Z', 'matched'],
    ]);
    expect(target.runs[0]).toEqual({
      runId: first[0].runId,
      workflowId: wf.workflowId,
      params: { suite: 'smoke' },
      trigger: {
        type: 'cron',
        actor: 'user:default/ada',
        name: 'every-minute',
        deliveryId: '2026-12-06T07:01:00.000Z',
      },
      options: undefined,
    });
    // The same minute again: nothing new; the next minute: one.
    expect(await t.tick(at('2026-12-06T07:03:50.000Z'))).toEqual([]);
    expect(
      (await t.tick(at('2026-12-06T07:04:01.000Z'))).map(f => f.dueAt),
    ).toEqual(['2026-12-06T07:04:00.000Z']);
    expect(target.runs).toHaveLength(4);

    const deliveries = await new TriggerDeliveryStore(knex).list(wf.workflowId);
    expect(deliveries).toHaveLength(4);
    expect(deliveries[0]).toMatchObject({
      trigger: 'every-minute',
      source: 'cron',
      event: 'cron',
      outcome: 'matched',
      deliveryId: '2026-12-06T07:04:00.000Z',
      runId: target.runs[3].runId,
      reason: "due at 2026-12-06T07:04:00.000Z ('* * * * *' in UTC)",
    });
  });

  it('computes due times in the trigger time zone', async () => {
    const knex = await migratedDatabase(databases, id);
    const wf = workflow(
      [cron('berlin-9am', '0 9 * * 1-5', { timeZone: 'Europe/Berlin' })],
      '2026-12-07T07:50:00.000Z', // a Monday, 08:50 in Berlin
    );
    const target = new RecordingTriggerTarget([wf]);
    const { ticker: t } = ticker(knex, target);
    expect(await t.tick(at('2026-12-07T07:59:59.000Z'))).toEqual([]);
    expect(
      (await t.tick(at('2026-12-07T08:00:20.000Z'))).map(f => f.dueAt),
    ).toEqual(['2026-12-07T08:00:00.000Z']);
  });

  it('after a long stop fires only due times of the catch-up window and records the missed ones once', async () => {
    const knex = await migratedDatabase(databases, id);
    const wf = workflow(
      [cron('hourly', '0 * * * *')],
      '2026-12-04T10:30:00.000Z',
    );
    const target = new RecordingTriggerTarget([wf]);
    const { ticker: t } = ticker(knex, target);

    const fired = await t.tick(at('2026-12-06T10:05:00.000Z'));
    expect(fired.map(f => [f.dueAt, f.outcome])).toEqual([
      ['2026-12-06T09:00:00.000Z', 'ignored'],
      ['2026-12-06T10:00:00.000Z', 'matched'],
    ]);
    expect(target.runs).toHaveLength(1);
    const missed = (
      await new TriggerDeliveryStore(knex).list(wf.workflowId, {
        outcome: 'ignored',
      })
    )[0];
    expect(missed.reason).toBe(
      "47 due time(s) of '0 * * * *' (UTC) from 2026-12-04T11:00:00.000Z to 2026-12-06T09:00:00.000Z were missed (no backend ran, or the workflow was disabled); only due times of the last 15 minutes fire",
    );
    expect(await t.tick(at('2026-12-06T10:06:00.000Z'))).toEqual([]);
  });

  it('prunes old fires but keeps each trigger newest, so a daily cron is not reported missed the next day', async () => {
    const knex = await migratedDatabase(databases, id);
    const wf = workflow(
      [cron('daily', '0 3 * * *'), cron('hourly', '0 * * * *')],
      '2026-12-01T00:30:00.000Z',
    );
    const target = new RecordingTriggerTarget([wf]);
    const { ticker: t } = ticker(knex, target);
    const fires = new CronFireStore(knex);
    for (const hour of ['01', '02', '03', '04', '05']) {
      await t.tick(at(`2026-12-01T${hour}:00:10.000Z`));
    }
    expect(target.runs).toHaveLength(6); // 5 hourly, 1 daily

    // All older than the cut-off: the 4 older hourly fires go.
    expect(await fires.deleteOlderThan(at('2026-12-02T00:00:00.000Z'))).toBe(4);
    expect(await fires.lastFired(wf.workflowId, 'daily')).toEqual(
      at('2026-12-01T03:00:00.000Z'),
    );
    expect(await fires.lastFired(wf.workflowId, 'hourly')).toEqual(
      at('2026-12-01T05:00:00.000Z'),
    );
    expect(
      (await t.tick(at('2026-12-02T03:00:30.000Z'))).map(f => [
        f.trigger,
        f.dueAt,
        f.outcome,
      ]),
    ).toEqual([
      ['daily', '2026-12-02T03:00:00.000Z', 'matched'],
      ['hourly', '2026-12-02T02:00:00.000Z', 'ignored'],
      ['hourly', '2026-12-02T03:00:00.000Z', 'matched'],
    ]);
    expect(target.runs).toHaveLength(8);
  });

  it('records refused params as failed and does not fire that due time again; a bad cron does not stop the others', async () => {
    const knex = await migratedDatabase(databases, id);
    const broken = workflow(
      [cron('broken', '61 * * * *'), cron('five-fields', '* * * *')],
      '2026-12-06T07:00:00.000Z',
    );
    const wf = workflow(
      [cron('every-minute', '* * * * *')],
      '2026-12-06T07:00:00.000Z',
    );
    const target = new RecordingTriggerTarget([broken, wf]);
    const { ticker: t, logger } = ticker(knex, target);
    target.refuseParams = 'params.suite is required';
    expect(
      (await t.tick(at('2026-12-06T07:01:05.000Z'))).map(f => f.outcome),
    ).toEqual(['failed']);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /Cron trigger broken of workflow .* did not fire: InputError: The cron '61 \* \* \* \*' does not parse/,
      ),
    );
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/must have five fields/),
    );
    const [failed] = await new TriggerDeliveryStore(knex).list(wf.workflowId);
    expect(failed).toMatchObject({
      outcome: 'failed',
      reason:
        "due at 2026-12-06T07:01:00.000Z ('* * * * *' in UTC); the run was not started: InputError: params.suite is required",
    });
    target.refuseParams = undefined;
    expect(await t.tick(at('2026-12-06T07:01:50.000Z'))).toEqual([]);
    expect(target.runs).toHaveLength(0);
  });

  it('two tickers racing over the same due times start exactly one run per due time', async () => {
    const knex = await migratedDatabase(databases, id);
    // PostgreSQL: a second client with its own connections, as a second
    // replica has. SQLite is single-replica: both tickers share the database.
    const second =
      id === 'SQLITE_3' ? knex : knexFactory({ ...knex.client.config });
    try {
      // 50 every-minute triggers (the figure of bench/workflows) and 5
      // every two minutes.
      const workflows = Array.from({ length: 50 }, (_, i) =>
        workflow(
          i < 5
            ? [cron(`t${i}`, '* * * * *'), cron(`u${i}`, '*/2 * * * *')]
            : [cron(`t${i}`, '* * * * *')],
          '2026-12-06T06:59:59.000Z',
        ),
      );
      const a = new RecordingTriggerTarget(workflows);
      const b = new RecordingTriggerTarget(workflows);
      const tickerA = ticker(knex, a).ticker;
      const tickerB = ticker(second, b).ticker;
      // Ten minutes of ticks, both replicas at the same instants, and B
      // also a little later (overlapping, delayed ticks).
      for (let minute = 0; minute < 10; minute++) {
        const now = new Date(
          Date.parse('2026-12-06T07:00:01.000Z') + minute * 60_000,
        );
        await Promise.all([
          tickerA.tick(now),
          tickerB.tick(now),
          tickerB.tick(new Date(now.getTime() + 20_000)),
        ]);
      }
      const runs = [...a.runs, ...b.runs];
      // 50 every-minute triggers x 10 due times + 5 every-2-minutes x 5.
      expect(runs).toHaveLength(525);
      const keys = new Set(
        runs.map(
          r => `${r.workflowId}/${r.trigger.name}/${r.trigger.deliveryId}`,
        ),
      );
      expect(keys.size).toBe(525);
      // Both replicas fired some (the race was real).
      expect(a.runs.length).toBeGreaterThan(0);
      expect(b.runs.length).toBeGreaterThan(0);
      const [{ n }] = await knex('berth_workflow_trigger_deliveries').count({
        n: '*',
      });
      expect(Number(n)).toBe(525);
    } finally {
      if (second !== knex) await second.destroy();
    }
  });
});
