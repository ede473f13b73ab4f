import { mockServices } from '@backstage/backend-test-utils';
import { BerthOperation } from '@berth/plugin-berth-common';
import { Knex } from 'knex';
import {
  createBerthTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';
import { waitFor } from '../__testUtils__/testClusters';
import { OperationContext } from './OperationContext';
import { OperationEngine } from './OperationEngine';
import { OperationHandler } from './OperationHandler';
import { OperationStore } from './OperationStore';
import { OperationsConfig } from './readOperationsConfig';

jest.setTimeout(120_000);

const databases = createBerthTestDatabases();

const config: OperationsConfig = {
  concurrency: 2,
  leaseMs: 2_000,
  heartbeatMs: 300,
  pollIntervalMs: 50,
  maxAttempts: 3,
  shutdownGraceMs: 2_000,
};

const STEPS = ['one', 'two', 'three'].map(key => ({
  key,
  title: `Step ${key}`,
}));

/**
 * A handler of three steps that counts how often each step's body ran and
 * lets the test hold step `two` until released (or aborted).
 */
function countingHandler() {
  const ran: Record<string, number> = {};
  const interrupted: string[] = [];
  let release: () => void = () => undefined;
  let holding = true;
  let reachedTwo: () => void = () => undefined;
  const atTwo = new Promise<void>(resolve => {
    reachedTwo = resolve;
  });
  const handler: OperationHandler = {
    kind: 'deploy',
    async run(context: OperationContext) {
      await context.plan(STEPS);
      for (const step of STEPS) {
        await context.step(step, async run => {
          ran[step.key] = (ran[step.key] ?? 0) + 1;
          if (run.interrupted) interrupted.push(step.key);
          if (step.key === 'two' && holding) {
            reachedTwo();
            await new Promise<void>((resolve, reject) => {
              release = resolve;
              context.signal.addEventListener('abort', () =>
                reject(context.signal.reason),
              );
            });
          }
          if (
            step.key === 'three' &&
            (context.operation.spec as { fail?: boolean }).fail
          ) {
            throw new Error('step three broke');
          }
          return { done: step.key };
        });
      }
      return 'All three steps done';
    },
  };
  return {
    handler,
    ran,
    interrupted,
    atTwo,
    release: () => {
      holding = false;
      release();
    },
  };
}

function engineOn(knex: Knex, handler: OperationHandler) {
  const auditEvents: Array<{ eventId: string; meta?: any }> = [];
  const engine = new OperationEngine({
    store: new OperationStore(knex),
    config,
    logger: mockServices.logger.mock(),
    auditor: {
      async createEvent(options) {
        auditEvents.push(options);
        return { success: async () => undefined, fail: async () => undefined };
      },
    },
  });
  engine.addHandler(handler);
  return { engine, auditEvents };
}

const deploy = (spec: object = {}) => ({
  kind: 'deploy' as const,
  title: 'Deploy',
  projectRef: 'system:default/shop',
  environmentId: 'env-1',
  lockKey: 'environment:env-1',
  spec,
  actor: 'user:default/ada',
  actorType: 'user' as const,
});

async function settled(store: OperationStore, id: string) {
  await waitFor(
    async () =>
      ['succeeded', 'failed', 'cancelled'].includes(
        (
          await store.get(id)
        ).status,
      ),
    30_000,
    `operation ${id} to end`,
  );
  return store.describe(await store.get(id), { details: true });
}

describe.each(databases.eachSupportedId())('OperationEngine on %s', id => {
  let knex: Knex;
  let store: OperationStore;
  const engines: OperationEngine[] = [];

  beforeEach(async () => {
    knex = await migratedDatabase(databases, id);
    store = new OperationStore(knex);
  });
  afterEach(async () => {
    await Promise.all(engines.splice(0).map(e => e.stop()));
  });

  it('runs an operation to success and audits the outcome with the actor', async () => {
    const counting = countingHandler();
    counting.release();
    const { engine, auditEvents } = engineOn(knex, counting.handler);
    engines.push(engine);
    engine.start();
    const queued = await engine.enqueue(deploy());
    const done = await settled(store, queued.id);
    expect(done).toMatchObject({
      status: 'succeeded',
      message: 'All three steps done',
      attempts: 1,
      progress: { done: 3, total: 3 },
    });
    expect(done.events?.map(e => e.message)).toEqual(
      expect.arrayContaining([
        'Queued by user:default/ada',
        'Step one: started',
        'Succeeded: All three steps done',
      ]),
    );
    expect(auditEvents).toEqual([
      expect.objectContaining({
        eventId: 'operation-deploy',
        meta: expect.objectContaining({
          operationId: queued.id,
          actor: 'user:default/ada',
          status: 'succeeded',
        }),
      }),
    ]);
  });

  it('hands a running operation over on shutdown; the next replica skips what succeeded', async () => {
    const counting = countingHandler();
    const first = engineOn(knex, counting.handler).engine;
    first.start();
    const queued = await first.enqueue(deploy());
    await counting.atTwo;
    await first.stop();
    expect((await store.get(queued.id)).status).toBe('queued');

    counting.release();
    const second = engineOn(knex, counting.handler).engine;
    engines.push(second);
    second.start();
    const done = await settled(store, queued.id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(counting.ran).toEqual({ one: 1, two: 2, three: 1 });
    expect(counting.interrupted).toEqual(['two']);
  });

  it('takes over an operation whose replica died (its lease expired)', async () => {
    const counting = countingHandler();
    counting.release();
    // What a replica killed during step two leaves behind.
    const { operation } = await store.enqueue(deploy());
    await store.claimNext('dead-replica', 500);
    await store.planSteps(operation.id, STEPS);
    await store.startStep(operation.id, 'dead-replica', 'one');
    await store.finishStep(operation.id, 'dead-replica', 'one', {
      status: 'succeeded',
      output: { done: 'one' },
    });
    await store.startStep(operation.id, 'dead-replica', 'two');

    const { engine } = engineOn(knex, counting.handler);
    engines.push(engine);
    const started = Date.now();
    engine.start();
    const done = await settled(store, operation.id);
    expect(done.status).toBe('succeeded');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(counting.ran).toEqual({ two: 1, three: 1 });
    expect(counting.interrupted).toEqual(['two']);
    expect(done.events?.map(e => e.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/stopped renewing its lease/),
        expect.stringMatching(/^Resumed \(attempt 2\)/),
      ]),
    );
  });

  it('stops a cancelled operation after its current step and says what it left', async () => {
    const counting = countingHandler();
    const { engine } = engineOn(knex, counting.handler);
    engines.push(engine);
    engine.start();
    const queued = await engine.enqueue(deploy());
    await counting.atTwo;
    const cancelling = await engine.cancel(queued.id, 'user:default/bo');
    expect(cancelling).toMatchObject({
      status: 'running',
      cancelRequested: true,
    });
    counting.release();
    const done = await settled(store, queued.id);
    expect(done.status).toBe('cancelled');
    expect(done.message).toBe(
      'Cancelled by user:default/bo; done: Step one; Step two; not done: Step three',
    );
    expect(counting.ran).toEqual({ one: 1, two: 1 });
    expect(done.steps?.map(s => s.status)).toEqual([
      'succeeded',
      'succeeded',
      'skipped',
    ]);
  });

  it('fails with the failing step named, and runs a queued operation of the same environment only after', async () => {
    const counting = countingHandler();
    counting.release();
    const { engine, auditEvents } = engineOn(knex, counting.handler);
    engines.push(engine);
    engine.start();
    const failing = await engine.enqueue(deploy({ fail: true }));
    const next: BerthOperation = await engine.enqueue(deploy());
    const failed = await settled(store, failing.id);
    const after = await settled(store, next.id);
    expect(failed).toMatchObject({
      status: 'failed',
      message: 'step three broke',
    });
    expect(failed.steps?.find(s => s.key === 'three')).toMatchObject({
      status: 'failed',
      message: 'step three broke',
    });
    expect(after.status).toBe('succeeded');
    expect(Date.parse(after.startedAt!)).toBeGreaterThanOrEqual(
      Date.parse(failed.finishedAt!),
    );
    expect(auditEvents.map(e => e.meta.status)).toEqual([
      'failed',
      'succeeded',
    ]);
  });
});
