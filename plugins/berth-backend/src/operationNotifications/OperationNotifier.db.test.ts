import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { EnvironmentTier } from '@berth/plugin-berth-common';
import { Knex } from 'knex';
import { EnvironmentStore } from '../database/EnvironmentStore';
import { OperationEngine } from '../operations/OperationEngine';
import { OperationHandler } from '../operations/OperationHandler';
import { NewOperation, OperationStore } from '../operations/OperationStore';
import { ProjectService } from '../projects/ProjectService';
import { ProjectStore } from '../projects/ProjectStore';
import { ServiceStore } from '../services/ServiceStore';
import { SCHEDULE_ACTOR } from '../sleep/SleepScheduler';
import { recordingNotifications } from '../workflows/notify/__testUtils__/recordingNotifications';
import { waitFor } from '../__testUtils__/testClusters';
import {
  createBerthTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';
import { OperationNotificationLedger } from './OperationNotificationLedger';
import { OperationNotifier } from './OperationNotifier';

jest.setTimeout(60_000);

const databases = createBerthTestDatabases();
const SHOP = 'system:default/shop';
const ORPHAN = 'system:default/orphan';
const OWNERS = 'group:default/team-shop';
const OLIVIA = 'user:default/olivia';

/**
 * Handlers of the kinds notified, as the real ones end: a deploy that fails
 * when its spec says so, a sleep, and a values sync whose steps save what
 * changed (as valuesSyncHandler does).
 */
const handlers: OperationHandler<any>[] = [
  {
    kind: 'deploy',
    async run(context) {
      await context.step({ key: 'group:1', title: 'Group 1' }, async () => {
        if (context.operation.spec.fail) {
          throw new Error('cart: rollout did not finish within 300 s');
        }
        return {};
      });
      return 'Deployed 1 service in 1 start-order group';
    },
  },
  {
    kind: 'sleep',
    run: async () => 'Asleep: 2 workloads scaled to 0',
  },
  {
    kind: 'values-sync',
    async run(context) {
      const changes: Record<string, number | null> =
        context.operation.spec.changes;
      for (const [service, revision] of Object.entries(changes)) {
        await context.step(
          { key: `service:${service}`, title: service },
          async () => ({ changed: revision !== null, revision }),
        );
      }
      return 'checked';
    },
  },
];

describe.each(databases.eachSupportedId())('OperationNotifier (%p)', id => {
  let engine: OperationEngine | undefined;

  afterEach(async () => {
    await engine?.stop();
    engine = undefined;
  });

  async function setup() {
    const knex: Knex = await migratedDatabase(databases, id);
    const projectStore = new ProjectStore(knex);
    await projectStore.upsert({ ref: SHOP, name: 'shop', ownerRef: OWNERS });
    await projectStore.upsert({ ref: ORPHAN, name: 'orphan' });
    const environments = new EnvironmentStore(knex);
    const environment = (
      projectRef: string,
      name: string,
      tier: EnvironmentTier,
    ) =>
      environments.create({
        projectRef,
        name,
        cluster: 'local-east',
        namespace: `${projectRef.split('/')[1]}-${name}`,
        tier,
        createdBy: OLIVIA,
      });
    const dev = await environment(SHOP, 'dev', 'development');
    const prod = await environment(SHOP, 'prod', 'production');
    const orphanDev = await environment(ORPHAN, 'dev', 'development');
    const logger = mockServices.logger.mock();
    const notifications = recordingNotifications();
    const store = new OperationStore(knex);
    const notifier = new OperationNotifier({
      notifications,
      environments,
      projects: new ProjectService({
        projects: projectStore,
        services: new ServiceStore(knex),
        catalog: catalogServiceMock(),
        auth: mockServices.auth(),
        logger,
      }),
      steps: store,
      ledger: new OperationNotificationLedger(knex),
      logger,
    });
    const notified: string[] = [];
    engine = new OperationEngine({
      store,
      config: {
        concurrency: 1,
        leaseMs: 5_000,
        heartbeatMs: 1_000,
        pollIntervalMs: 50,
        maxAttempts: 1,
        shutdownGraceMs: 500,
      },
      logger,
      // As createBerthServices wires it; `notified` tells the test it is done.
      onFinished: operation => {
        notifier
          .operationFinished(operation)
          .then(() => notified.push(operation.id));
      },
    });
    for (const handler of handlers) engine.addHandler(handler);
    engine.start();
    const started = engine;
    /** Queues an operation and resolves with it once ended and notified. */
    const run = async (
      input: Partial<NewOperation> & Pick<NewOperation, 'kind'>,
    ) => {
      const queued = await started.enqueue({
        title: 'Deploy all services',
        projectRef: SHOP,
        spec: {},
        actor: OLIVIA,
        actorType: 'user',
        ...input,
      });
      await waitFor(
        async () => notified.includes(queued.id),
        20_000,
        `operation ${queued.id} notified`,
      );
      return store.get(queued.id);
    };
    return { notifications, notifier, logger, run, dev, prod, orphanDev };
  }

  it('notifies a failed deploy in production to its actor and the owners: critical, linked, scoped per operation', async () => {
    const { notifications, run, prod } = await setup();

    const operation = await run({
      kind: 'deploy',
      environmentId: prod.id,
      lockKey: prod.id,
      spec: { fail: true },
    });

    expect(operation.status).toBe('failed');
    expect(notifications.sent).toEqual([
      {
        recipients: { type: 'entity', entityRef: [OWNERS, OLIVIA] },
        payload: {
          title: 'Deploy all services failed in shop prod (production)',
          description:
            'cart: rollout did not finish within 300 s. Started by user:default/olivia.',
          severity: 'critical',
          link: `/berth/environments/${prod.id}?tab=activity`,
          topic: 'berth-operation-failed',
          scope: `berth:operation:${operation.id}`,
        },
      },
    ]);
  });

  it('severity by tier: a failure in development is normal; a production deploy that succeeded goes to the owners (high); one in development is not notified', async () => {
    const { notifications, run, dev, prod } = await setup();

    const failed = await run({
      kind: 'deploy',
      environmentId: dev.id,
      spec: { fail: true },
    });
    await run({ kind: 'deploy', environmentId: dev.id });
    const deployed = await run({
      kind: 'deploy',
      title: 'Deploy cart',
      environmentId: prod.id,
    });

    expect(
      notifications.sent.map(n => [
        n.payload.severity,
        n.payload.topic,
        n.payload.scope,
        n.recipients,
      ]),
    ).toEqual([
      [
        'normal',
        'berth-operation-failed',
        `berth:operation:${failed.id}`,
        { type: 'entity', entityRef: [OWNERS, OLIVIA] },
      ],
      [
        'high',
        'berth-production-deploy',
        `berth:operation:${deployed.id}`,
        { type: 'entity', entityRef: [OWNERS] },
      ],
    ]);
    expect(notifications.sent[1].payload.title).toBe(
      'Deploy cart succeeded in shop prod (production)',
    );
  });

  it('notifies the owners of an environment put to sleep by its schedule (low), not of a sleep a user asked for', async () => {
    const { notifications, run, dev } = await setup();

    await run({ kind: 'sleep', title: 'Sleep', environmentId: dev.id });
    const scheduled = await run({
      kind: 'sleep',
      title: 'Sleep',
      environmentId: dev.id,
      actor: SCHEDULE_ACTOR,
      actorType: 'schedule',
    });

    expect(notifications.sent).toEqual([
      {
        recipients: { type: 'entity', entityRef: [OWNERS] },
        payload: {
          title: 'shop dev (development) was put to sleep by its schedule',
          description:
            'Asleep: 2 workloads scaled to 0. Started by berth:sleep-schedule.',
          severity: 'low',
          link: `/berth/environments/${dev.id}?tab=activity`,
          topic: 'berth-environment-sleep',
          scope: `berth:operation:${scheduled.id}`,
        },
      },
    ]);
  });

  it('notifies the owners of tracked values files that changed, linked to the service; a sync that changed nothing is not notified', async () => {
    const { notifications, run } = await setup();
    const sync = (changes: Record<string, number | null>) =>
      run({
        kind: 'values-sync',
        title: 'Sync tracked values of shop',
        spec: { changes },
        actor: 'berth:values-sync',
        actorType: 'schedule',
      });

    await sync({ cart: null, web: null });
    const one = await sync({ cart: 4, web: null });
    const two = await sync({ cart: 5, web: 2 });

    expect(notifications.sent.map(n => n.payload)).toEqual([
      {
        title: 'Tracked values changed in shop: cart',
        description:
          'New revision: cart revision 4. Environments run them at their next deploy.',
        severity: 'normal',
        link: '/berth/projects/default/shop/services/cart',
        topic: 'berth-values-changed',
        scope: `berth:operation:${one.id}`,
      },
      expect.objectContaining({
        title: 'Tracked values changed in shop: cart, web',
        link: '/berth/projects/default/shop/services',
        scope: `berth:operation:${two.id}`,
      }),
    ]);
    expect(notifications.sent.map(n => n.recipients)).toEqual([
      { type: 'entity', entityRef: [OWNERS] },
      { type: 'entity', entityRef: [OWNERS] },
    ]);
  });

  it('a notification that cannot be sent is logged and leaves the operation as it ended; the event is sent once, and again after a failed send', async () => {
    const { notifications, notifier, logger, run, dev } = await setup();
    notifications.failNext('notifications backend down');

    const failed = await run({
      kind: 'deploy',
      environmentId: dev.id,
      spec: { fail: true },
    });

    expect(failed.status).toBe('failed');
    expect(failed.message).toBe('cart: rollout did not finish within 300 s');
    expect(notifications.sent).toEqual([]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        `Operation ${failed.id}: could not notify its outcome: Error: notifications backend down`,
      ),
    );
    await notifier.operationFinished(failed);
    await notifier.operationFinished(failed);
    expect(notifications.sent.map(n => n.payload.scope)).toEqual([
      `berth:operation:${failed.id}`,
    ]);
  });

  it('a project without owners and an actor that is not a user: nobody is notified', async () => {
    const { notifications, run, orphanDev } = await setup();

    const failed = await run({
      kind: 'deploy',
      projectRef: ORPHAN,
      environmentId: orphanDev.id,
      spec: { fail: true },
      actor: 'plugin:scaffolder',
      actorType: 'service',
    });

    expect(failed.status).toBe('failed');
    expect(notifications.sent).toEqual([]);
  });
});
