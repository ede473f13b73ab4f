import { mockServices } from '@backstage/backend-test-utils';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { BerthEnvironment } from '@berth/plugin-berth-common';
import { KubernetesObject } from '@kubernetes/client-node';
import { readSandboxesConfig } from '../config/readSandboxesConfig';
import { ConfigReader } from '@backstage/config';
import { EnvironmentStore } from '../database/EnvironmentStore';
import { EnvironmentOperations } from '../operations/EnvironmentOperations';
import { OperationEngine } from '../operations/OperationEngine';
import { OperationStore } from '../operations/OperationStore';
import { ProjectService } from '../projects/ProjectService';
import { ProjectStore } from '../projects/ProjectStore';
import { ServiceStore } from '../services/ServiceStore';
import {
  createBerthTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';
import { assertNoSandboxes } from './assertNoSandboxes';
import { SandboxNamespaces } from './cluster/SandboxNamespaces';
import { SandboxRuntime } from './cluster/SandboxRuntime';
import { GatewayApiRoutingDriver } from './routing/GatewayApiRoutingDriver';
import { MemoryRoutingObjects } from './routing/__fixtures__/MemoryRoutingObjects';
import { shopRoute } from './routing/__fixtures__/shopBase';
import { expireSandboxes } from './sandboxExpiry';
import { SandboxService } from './SandboxService';
import { SandboxStore } from './SandboxStore';
import { builtInTrafficSources } from './traffic/builtInTrafficSources';
import { SandboxTrafficRecorder } from './traffic/SandboxTrafficRecorder';
import { SandboxTrafficStore } from './traffic/SandboxTrafficStore';

jest.setTimeout(60_000);

const databases = createBerthTestDatabases();
const PROJECT = 'system:default/shop';
const ALICE = { ref: 'user:default/alice', type: 'user' as const };
const HTTP_ROUTE = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
};
const GRANT = {
  apiVersion: 'gateway.networking.k8s.io/v1beta1',
  kind: 'ReferenceGrant',
};

/** The base's cluster: a Gateway admitting every namespace, the base route, Services. */
function readyCluster(served = [HTTP_ROUTE, GRANT]) {
  const cluster = new MemoryRoutingObjects(served);
  cluster.put({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: 'berth', namespace: 'berth-gateway' },
    spec: {
      listeners: [
        { name: 'http', allowedRoutes: { namespaces: { from: 'All' } } },
      ],
    },
  } as KubernetesObject);
  cluster.put(shopRoute());
  for (const service of ['cart', 'frontend']) {
    cluster.put({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: service, namespace: 'shop' },
      spec: { template: { metadata: { labels: { app: service } } } },
    } as KubernetesObject);
    cluster.put({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: service, namespace: 'shop' },
      spec: { selector: { app: service } },
    } as KubernetesObject);
  }
  return cluster;
}

async function setup(
  id: Parameters<typeof migratedDatabase>[1],
  cluster = readyCluster(),
  accessLogPath?: string,
) {
  const knex = await migratedDatabase(databases, id);
  const projectStore = new ProjectStore(knex);
  await projectStore.upsert({ ref: PROJECT, name: 'shop' });
  const services = new ServiceStore(knex);
  for (const name of ['cart', 'frontend', 'worker']) {
    await services.create({
      projectRef: PROJECT,
      name,
      componentRef: `component:default/${name}`,
      spec: {
        kind: 'manifests',
        manifests: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`,
        variables: [],
      },
      actor: 'user:default/ada',
    });
  }
  const environments = new EnvironmentStore(knex);
  // The base runs cart and frontend; worker was added to the project later.
  const base = await environments.create({
    projectRef: PROJECT,
    name: 'dev',
    cluster: 'local-east',
    namespace: 'shop',
    tier: 'development',
    createdBy: 'user:default/ada',
    services: { cart: { revision: 1 }, frontend: { revision: 1 } },
  });
  const logger = mockServices.logger.mock();
  const operationStore = new OperationStore(knex);
  const engine = new OperationEngine({
    store: operationStore,
    config: {
      concurrency: 1,
      leaseMs: 30_000,
      heartbeatMs: 10_000,
      pollIntervalMs: 60_000,
      maxAttempts: 1,
      shutdownGraceMs: 100,
    },
    logger,
  });
  // The tests read the operations queued: none is claimed or run here.
  await engine.stop();
  const store = new SandboxStore(knex);
  const environmentOperations = new EnvironmentOperations({
    engine,
    store: operationStore,
    knex,
    assertDeletable: environmentId => assertNoSandboxes(store, environmentId),
  });
  const runtime = new SandboxRuntime({
    namespaces: new SandboxNamespaces(() => {
      throw new Error('The validation never reaches a namespace');
    }),
    objects: () => cluster,
    drivers: () =>
      new Map([['gateway-api', new GatewayApiRoutingDriver(() => cluster)]]),
    logger,
  });
  const config = readSandboxesConfig(
    new ConfigReader({
      berth: {
        sandboxes: { maxTtlHours: 24 },
        ...(accessLogPath && {
          clusters: {
            'local-east': {
              sandboxTraffic: { source: 'traefik-access-log', accessLogPath },
            },
          },
        }),
      },
    }),
  );
  const now = new Date('2026-12-07T12:00:00Z');
  const service = new SandboxService({
    store,
    environments,
    projects: new ProjectService({
      projects: projectStore,
      services,
      catalog: catalogServiceMock(),
      auth: mockServices.auth(),
      logger,
    }),
    engine,
    environmentOperations,
    knex,
    runtime,
    traffic: new SandboxTrafficRecorder({
      store: new SandboxTrafficStore(knex),
      sandboxes: store,
      sources: () => new Map(Object.entries(builtInTrafficSources())),
      settingFor: config.trafficSourceFor,
      logger,
      now: () => now,
    }),
    config,
    logger,
    now: () => now,
  });
  const operations = () => operationStore.list({ environmentId: base.id });
  return {
    knex,
    base: base as BerthEnvironment,
    service,
    store,
    operations,
    environmentOperations,
    now,
    /** Sandboxes (and their operations) made before the refusal tested. */
    existing: 0,
  };
}

type Setup = Awaited<ReturnType<typeof setup>>;

/** Expects the refusal, and that nothing was stored or queued. */
async function expectRefused(
  s: Setup,
  attempt: Promise<unknown>,
  error: { name: string; message: string | RegExp },
) {
  await expect(attempt).rejects.toMatchObject({
    name: error.name,
    message:
      typeof error.message === 'string'
        ? error.message
        : expect.stringMatching(error.message),
  });
  expect(await s.store.list({ baseEnvironmentId: s.base.id })).toHaveLength(
    s.existing,
  );
  expect(await s.operations()).toHaveLength(s.existing);
}

describe.each(databases.eachSupportedId())('SandboxService on %s', id => {
  it('stores the sandbox as creating and queues its create on a lock of its own', async () => {
    const s = await setup(id);
    const { sandbox, operation } = await s.service.create(
      s.base,
      { name: 'alice', forks: [{ service: 'cart', images: { main: 'c:2' } }] },
      ALICE,
    );
    expect(sandbox).toMatchObject({
      name: 'alice',
      baseEnvironmentId: s.base.id,
      baseEnvironmentName: 'dev',
      namespace: 'shop-alice',
      routingDriver: 'gateway-api',
      createdBy: 'user:default/alice',
      status: 'creating',
      expiresAt: '2026-12-07T20:00:00.000Z',
      forks: [{ service: 'cart', images: { main: 'c:2' } }],
      routingKey: {
        xEnv: { header: 'x-env', value: 'alice' },
        baggage: { header: 'baggage', member: 'berth-sandbox=alice' },
      },
      previewUrls: [],
      operationId: operation!.id,
    });
    expect(operation).toMatchObject({
      kind: 'sandbox-create',
      status: 'queued',
      environmentId: s.base.id,
    });
    const [stored] = await s.operations();
    expect(stored).toMatchObject({
      lockKey: `sandbox:${sandbox.id}`,
      spec: { sandboxId: sandbox.id },
      actor: 'user:default/alice',
    });
    expect(await s.service.listForBase(s.base.id)).toEqual([sandbox]);
    expect(await s.service.list({ createdBy: 'user:default/bob' })).toEqual([]);
    expect(await s.service.resource(sandbox.id)).toEqual({
      id: sandbox.id,
      projectRef: PROJECT,
      createdBy: 'user:default/alice',
      baseTier: 'development',
      cluster: 'local-east',
    });
  });

  describe('refuses, creating nothing', () => {
    it('a base that is not ready, naming the failed checks (409)', async () => {
      const s = await setup(id, readyCluster([]));
      await expectRefused(
        s,
        s.service.create(
          s.base,
          { name: 'alice', forks: [{ service: 'cart' }] },
          ALICE,
        ),
        {
          name: 'ConflictError',
          message:
            "Environment 'dev' is not ready for sandboxes: Gateway API installed: The cluster does not serve HTTPRoute, ReferenceGrant",
        },
      );
    });

    it('a fork of a service the base lacks (400)', async () => {
      const s = await setup(id);
      for (const service of ['worker', 'payments']) {
        await expectRefused(
          s,
          s.service.create(
            s.base,
            { name: 'alice', forks: [{ service }] },
            ALICE,
          ),
          {
            name: 'InputError',
            message: `Environment 'dev' has no service '${service}' to fork (it has: cart, frontend)`,
          },
        );
      }
      await expectRefused(
        s,
        s.service.create(s.base, { name: 'alice', forks: [] }, ALICE),
        {
          name: 'InputError',
          message: 'A sandbox forks at least one service (forks)',
        },
      );
      await expectRefused(
        s,
        s.service.create(
          s.base,
          { name: 'alice', forks: [{ service: 'cart' }, { service: 'cart' }] },
          ALICE,
        ),
        { name: 'InputError', message: "Service 'cart' is forked twice" },
      );
      await expectRefused(
        s,
        s.service.create(
          s.base,
          { name: 'alice', forks: [{ service: 'cart', revision: 2 }] },
          ALICE,
        ),
        {
          name: 'InputError',
          message:
            "The fork of 'cart' names revision 2; service 'cart' has revisions 1 to 1",
        },
      );
    });

    it('a name in use (409) or not a DNS label of at most 30 (400)', async () => {
      const s = await setup(id);
      await s.service.create(
        s.base,
        { name: 'alice', forks: [{ service: 'cart' }] },
        ALICE,
      );
      s.existing = 1;
      await expectRefused(
        s,
        s.service.create(
          s.base,
          { name: 'alice', forks: [{ service: 'frontend' }] },
          ALICE,
        ),
        {
          name: 'ConflictError',
          message: "Environment 'dev' already has a sandbox named 'alice'",
        },
      );
      for (const name of ['Alice', 'a_b', '-a', 'a'.repeat(31), '']) {
        await expectRefused(
          s,
          s.service.create(
            s.base,
            { name, forks: [{ service: 'cart' }] },
            ALICE,
          ),
          { name: 'InputError', message: /^Invalid sandbox name/ },
        );
      }
    });

    it('a TTL beyond the maximum or not positive (400)', async () => {
      const s = await setup(id);
      await expectRefused(
        s,
        s.service.create(
          s.base,
          { name: 'alice', forks: [{ service: 'cart' }], ttlHours: 25 },
          ALICE,
        ),
        {
          name: 'InputError',
          message: 'ttlHours 25 is beyond the maximum of 24 hours',
        },
      );
      await expectRefused(
        s,
        s.service.create(
          s.base,
          { name: 'alice', forks: [{ service: 'cart' }], ttlHours: -1 },
          ALICE,
        ),
        {
          name: 'InputError',
          message: 'ttlHours must be a positive number of hours, not -1',
        },
      );
    });

    it('a base that is asleep (409)', async () => {
      const s = await setup(id);
      await expectRefused(
        s,
        s.service.create(
          { ...s.base, sleeping: true },
          { name: 'alice', forks: [{ service: 'cart' }] },
          ALICE,
        ),
        {
          name: 'ConflictError',
          message: "Environment 'dev' is asleep; wake it first",
        },
      );
    });

    it('a sandbox of a sandbox (400)', async () => {
      const s = await setup(id);
      const { sandbox } = await s.service.create(
        s.base,
        { name: 'alice', forks: [{ service: 'cart' }] },
        ALICE,
      );
      s.existing = 1;
      await expectRefused(
        s,
        s.service.create(
          { ...s.base, id: sandbox.id, name: 'alice' },
          { name: 'bob', forks: [{ service: 'cart' }] },
          ALICE,
        ),
        {
          name: 'InputError',
          message:
            "'alice' is a sandbox: a sandbox cannot be the base of another",
        },
      );
    });
  });

  it('extends from now within the maximum, with no operation', async () => {
    const s = await setup(id);
    const { sandbox } = await s.service.create(
      s.base,
      { name: 'alice', forks: [{ service: 'cart' }] },
      ALICE,
    );
    const extended = await s.service.update(
      sandbox.id,
      { ttlHours: 24 },
      ALICE,
    );
    expect(extended.operation).toBeUndefined();
    expect(extended.sandbox.expiresAt).toBe('2026-12-08T12:00:00.000Z');
    await expect(
      s.service.update(sandbox.id, { ttlHours: 48 }, ALICE),
    ).rejects.toMatchObject({ name: 'InputError' });
    await expect(s.service.update(sandbox.id, {}, ALICE)).rejects.toMatchObject(
      {
        name: 'InputError',
        message: 'Nothing to update: give ttlHours or forks',
      },
    );
  });

  it('changes forks by an update operation that names the dropped ones', async () => {
    const s = await setup(id);
    const { sandbox } = await s.service.create(
      s.base,
      { name: 'alice', forks: [{ service: 'cart' }] },
      ALICE,
    );
    await expect(
      s.service.update(sandbox.id, { forks: [{ service: 'worker' }] }, ALICE),
    ).rejects.toMatchObject({ name: 'InputError' });
    const { sandbox: updated, operation } = await s.service.update(
      sandbox.id,
      { forks: [{ service: 'frontend' }] },
      ALICE,
    );
    expect(updated.forks).toEqual([{ service: 'frontend' }]);
    expect(operation).toMatchObject({ kind: 'sandbox-update' });
    const [latest] = await s.operations();
    expect(latest.spec).toEqual({ sandboxId: sandbox.id, removed: ['cart'] });
  });

  it('marks a deleted sandbox deleting and queues its delete; the base cannot go first', async () => {
    const s = await setup(id);
    const { sandbox } = await s.service.create(
      s.base,
      { name: 'alice', forks: [{ service: 'cart' }] },
      ALICE,
    );
    await expect(
      s.environmentOperations.start(
        s.base,
        { kind: 'delete', title: 'Delete dev', spec: {} },
        ALICE,
      ),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message:
        "The environment is the base of sandbox(es) 'alice' (by user:default/alice): delete them first",
    });
    const { sandbox: deleting, operation } = await s.service.delete(
      sandbox.id,
      ALICE,
    );
    expect(deleting.status).toBe('deleting');
    expect(operation).toMatchObject({ kind: 'sandbox-delete' });
    await expect(
      s.service.update(sandbox.id, { ttlHours: 1 }, ALICE),
    ).rejects.toMatchObject({ name: 'ConflictError' });
  });

  it('queues the delete of expired sandboxes as berth:expiry', async () => {
    const s = await setup(id);
    const { sandbox } = await s.service.create(
      s.base,
      { name: 'alice', forks: [{ service: 'cart' }], ttlHours: 1 },
      ALICE,
    );
    const queued = await expireSandboxes({
      store: s.store,
      service: s.service,
      logger: mockServices.logger.mock(),
      now: new Date(s.now.getTime() + 2 * 60 * 60 * 1000),
    });
    expect(queued).toEqual(['alice']);
    const [latest] = await s.operations();
    expect(latest).toMatchObject({
      kind: 'sandbox-delete',
      actor: 'berth:expiry',
      actorType: 'service',
      spec: { sandboxId: sandbox.id },
    });
    expect((await s.service.get(sandbox.id)).status).toBe('deleting');
  });

  it('tells whether a base can take sandboxes', async () => {
    const s = await setup(id);
    const readiness = await s.service.readiness(s.base);
    expect(readiness).toMatchObject({
      ready: true,
      routingDriver: 'gateway-api',
    });
    expect(readiness.checks.map(c => c.name)).toEqual(
      expect.arrayContaining([
        'Not a sandbox',
        'Awake',
        'Gateway API installed',
      ]),
    );
    const asleep = await s.service.readiness({ ...s.base, sleeping: true });
    expect(asleep.ready).toBe(false);
    expect(asleep.checks.filter(c => !c.ok)).toEqual([
      { name: 'Awake', ok: false, message: "'dev' is asleep" },
    ]);
  });

  it('tells which services requests with the key last reached, from the Traefik access log', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'berth-sandbox-traffic-'));
    try {
      const log = join(dir, 'access.json');
      await writeFile(log, '');
      const s = await setup(id, readyCluster(), log);
      const { sandbox } = await s.service.create(
        s.base,
        {
          name: 'alice',
          forks: [{ service: 'cart' }, { service: 'frontend' }],
        },
        ALICE,
      );
      const line = (
        namespace: string,
        service: string,
        at: string,
        headers: Record<string, string>,
      ) =>
        `${JSON.stringify({
          ServiceName: `httproute-shop-shop-gw-berth-gateway-berth-ep-web-0-0123456789abcdef0123-svc-${namespace}-${service}-0@kubernetesgateway`,
          StartUTC: at,
          RequestPath: `/${service}`,
          DownstreamStatus: 200,
          ...headers,
        })}\n`;
      await appendFile(
        log,
        line('shop-alice', 'cart', '2026-12-07T11:00:00Z', {
          'request_X-Env': 'alice',
        }) +
          // Newer, by baggage: this one is kept.
          line('shop-alice', 'cart', '2026-12-07T11:05:00Z', {
            request_Baggage: 'foo=1, berth-sandbox=alice;p=1',
          }) +
          line('shop', 'worker', '2026-12-07T11:01:00Z', {
            'request_X-Env': 'alice',
          }) +
          // Another sandbox's key, no key, and a name that only starts like it.
          line('shop', 'frontend', '2026-12-07T11:02:00Z', {
            'request_X-Env': 'bob',
          }) +
          line('shop', 'frontend', '2026-12-07T11:03:00Z', {}) +
          line('shop', 'frontend', '2026-12-07T11:04:00Z', {
            request_Baggage: 'berth-sandbox=alice2',
          }),
      );
      const traffic = await s.service.traffic(sandbox.id);
      expect(traffic).toEqual({
        observed: true,
        source: 'Traefik access log',
        services: [
          {
            service: 'cart',
            namespace: 'shop-alice',
            servedBy: 'fork',
            keyHeader: 'baggage',
            lastReachedAt: '2026-12-07T11:05:00.000Z',
            lastPath: '/cart',
            lastStatus: 200,
          },
          {
            service: 'worker',
            namespace: 'shop',
            servedBy: 'base',
            keyHeader: 'x-env',
            lastReachedAt: '2026-12-07T11:01:00.000Z',
            lastPath: '/worker',
            lastStatus: 200,
          },
        ],
        forksNotReached: ['frontend'],
        readAt: s.now.toISOString(),
      });
      // An older request read later does not replace the newer one.
      await appendFile(
        log,
        line('shop-alice', 'cart', '2026-12-07T10:00:00Z', {
          'request_X-Env': 'alice',
        }),
      );
      expect((await s.service.traffic(sandbox.id)).services[0]).toMatchObject({
        service: 'cart',
        lastReachedAt: '2026-12-07T11:05:00.000Z',
      });
      // The rows go with the sandbox.
      await s.store.delete(sandbox.id);
      expect(
        await s.knex('berth_sandbox_traffic').where({ sandbox_id: sandbox.id }),
      ).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says why nothing is observed on a cluster with no traffic source, or an unreadable one', async () => {
    const s = await setup(id);
    const { sandbox } = await s.service.create(
      s.base,
      { name: 'alice', forks: [{ service: 'cart' }] },
      ALICE,
    );
    expect(await s.service.traffic(sandbox.id)).toEqual({
      observed: false,
      message:
        "No traffic source is configured for cluster 'local-east' (berth.clusters.local-east.sandboxTraffic), so Berth cannot tell which services the key reached",
      services: [],
      forksNotReached: [],
    });
    const missing = await setup(id, readyCluster(), '/nonexistent/access.json');
    const other = await missing.service.create(
      missing.base,
      { name: 'alice', forks: [{ service: 'cart' }] },
      ALICE,
    );
    const traffic = await missing.service.traffic(other.sandbox.id);
    expect(traffic).toMatchObject({
      observed: true,
      services: [],
      forksNotReached: ['cart'],
    });
    expect(traffic.message).toMatch(
      /^Could not read the Traefik access log of cluster 'local-east': .*ENOENT/,
    );
  });
});
