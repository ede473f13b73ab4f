import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  BerthEnvironment,
  BerthProject,
  isTerminalOperationStatus,
  ServiceSpec,
} from '@berth/plugin-berth-common';
import {
  CoreV1Api,
  CustomObjectsApi,
  KubernetesObject,
} from '@kubernetes/client-node';
import knexFactory, { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { createBerthServices } from '../createBerthServices';
import { applyDatabaseMigrations } from '../database/migrations';
import { OperationStore } from '../operations/OperationStore';
import {
  kubeConfigFor,
  localEastWithRealNode,
  waitFor,
} from '../__testUtils__/testClusters';
import { SandboxService } from './SandboxService';

// A sandbox's whole life on local-east's real node and its gateway (Traefik):
// a base environment of real echo pods deployed by Berth (cart, frontend and
// db, an HTTPRoute on the gateway), sandboxes created through the service and
// the operations engine (namespace, placeholders, the fork of cart, routes),
// requests through the gateway with and without the sandbox's key, a second
// sandbox beside it, the reconcile after a base redeploy rewrote its route,
// and the delete: the key reaches the base again and nothing of the sandbox
// is left in either namespace.
jest.setTimeout(600_000);

const actor = { ref: 'user:default/alice', type: 'user' as const };
const GATEWAY = { namespace: 'berth-gateway', name: 'berth' };

/** An echo Deployment and its Service on the real node; `sandbox` and `next` are variables. */
function echoService(name: string, image: string): ServiceSpec {
  return {
    kind: 'manifests',
    variables: [
      { name: 'image', type: 'string', default: image },
      { name: 'sandbox', type: 'string', default: 'base' },
      { name: 'next', type: 'string', default: '' },
    ],
    manifests: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 1
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      nodeSelector:
        berth.dev/real-node: "true"
      tolerations:
        - key: berth.dev/real-node
          operator: Exists
          effect: NoSchedule
      containers:
        - name: echo
          image: {{ .image }}
          env:
            - name: ECHO_NAME
              value: ${name}
            - name: ECHO_SANDBOX
              value: "{{ .sandbox }}"
            - name: ECHO_NEXT_HOP
              value: "{{ .next }}"
          ports:
            - containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector:
    app: ${name}
  ports:
    - name: http
      port: 80
      targetPort: 8080
`,
  };
}

interface Reply {
  status: number;
  name?: string;
  sandbox?: string;
  next?: { status?: number; reply?: { name?: string; sandbox?: string } };
  error?: string;
}

/** GET `path` through the gateway with a Host header and `headers`. */
function viaGateway(
  port: number,
  host: string,
  headers: Record<string, string> = {},
  path = '/api/cart',
): Promise<Reply> {
  return new Promise(done => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        headers: { ...headers, host },
        timeout: 5000,
        agent: false,
      },
      res => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', chunk => (body += chunk));
        res.on('end', () => {
          try {
            done({ status: res.statusCode ?? 0, ...JSON.parse(body) });
          } catch {
            done({ status: res.statusCode ?? 0, error: body.slice(0, 200) });
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', e => done({ status: 0, error: e.message }));
    req.end();
  });
}

describe('a sandbox on local-east with the real node', () => {
  const { cluster, realNode, gateway } = localEastWithRealNode();
  if (!gateway?.accessLog) {
    throw new Error(
      'local-east has no gateway with an access log: build the node binaries (./berth build node) and restart the clusters',
    );
  }
  const kc = kubeConfigFor(cluster);
  const core = kc.makeApiClient(CoreV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const projectName = `sbx-${randomBytes(3).toString('hex')}`;
  const projectRef = `system:default/${projectName}`;
  let knex: Knex;
  let berth: ReturnType<typeof createBerthServices>;
  let sandboxes: SandboxService;
  let operationStore: OperationStore;
  let project: BerthProject;
  let base: BerthEnvironment;
  let host = '';
  const namespacesToDelete = new Set<string>();

  /** `base`, or the sandbox whose fork of cart answered. */
  const reached = async (
    headers: Record<string, string>,
    onHost = host,
  ): Promise<string> => {
    const reply = await viaGateway(gateway.port, onHost, headers);
    if (reply.status !== 200) return `HTTP ${reply.status} ${reply.error}`;
    return reply.sandbox || 'base';
  };
  const until = async (
    headers: Record<string, string>,
    expected: string,
    onHost = host,
  ) => {
    let last = '';
    await waitFor(
      async () => (last = await reached(headers, onHost)) === expected,
      60_000,
      `${JSON.stringify(
        headers,
      )} on ${onHost} to reach ${expected} (last: ${last})`,
    );
  };
  const settled = async (operationId: string) => {
    let status = '';
    await waitFor(
      async () => {
        status = (await operationStore.get(operationId)).status;
        return isTerminalOperationStatus(status as never);
      },
      300_000,
      `operation ${operationId} to end`,
    );
    const operation = await operationStore.get(operationId);
    if (operation.status !== 'succeeded') {
      const described = await operationStore.describe(operation, {
        details: true,
      });
      throw new Error(
        `Operation ${operation.kind} ${operation.status}: ${
          operation.message
        }\n${JSON.stringify(described.events ?? [], null, 1)}`,
      );
    }
  };
  const baseRoute = (
    hostnames: string[],
  ): KubernetesObject & { spec: unknown } => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'shop', namespace: base.namespace },
    spec: {
      parentRefs: [GATEWAY],
      hostnames,
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/api/cart' } }],
          backendRefs: [{ name: 'cart', port: 80 }],
        },
        { backendRefs: [{ name: 'frontend', port: 80 }] },
      ],
    },
  });
  const routeApi = {
    group: 'gateway.networking.k8s.io',
    version: 'v1',
    plural: 'httproutes',
  };
  /** Berth's objects labelled with a sandbox, in a namespace. */
  const labelled = async (namespace: string, sandbox: string) => {
    const selector = `berth.dev/sandbox=${sandbox}`;
    const [routes, grants, services] = await Promise.all([
      custom.listNamespacedCustomObject({
        ...routeApi,
        namespace,
        labelSelector: selector,
      }) as Promise<{ items: KubernetesObject[] }>,
      custom.listNamespacedCustomObject({
        group: 'gateway.networking.k8s.io',
        version: 'v1beta1',
        plural: 'referencegrants',
        namespace,
        labelSelector: selector,
      }) as Promise<{ items: KubernetesObject[] }>,
      core.listNamespacedService({ namespace, labelSelector: selector }),
    ]);
    return [...routes.items, ...grants.items, ...services.items].map(
      o => `${o.kind ?? 'Service'} ${o.metadata?.name}`,
    );
  };

  beforeAll(async () => {
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    await applyDatabaseMigrations(knex);
    const appConfig = new ConfigReader(
      JSON.parse(readFileSync(process.env.BERTH_TEST_APP_CONFIG!, 'utf8')),
    );
    berth = createBerthServices({
      config: new ConfigReader({
        berth: {
          helm: { binary: join(cluster.bin, 'helm') },
          deploy: { groupTimeoutSeconds: 120 },
          // Which services a key reached: the gateway's access log.
          clusters: {
            [cluster.name]: {
              sandboxTraffic: {
                source: 'traefik-access-log',
                accessLogPath: gateway.accessLog,
              },
            },
          },
        },
      }),
      knex,
      clusters: ClusterRegistry.fromConfig(appConfig),
      catalog: catalogServiceMock(),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
    });
    sandboxes = berth.sandboxes;
    operationStore = berth.operationStore;
    berth.operations.start();
    await berth.projectStore.upsert({ ref: projectRef, name: projectName });
    for (const name of ['cart', 'frontend', 'db']) {
      await berth.projects.createService(
        projectRef,
        {
          name,
          componentRef: `component:default/${name}`,
          spec: echoService(name, realNode.images.echo),
        },
        actor.ref,
      );
    }
    await berth.projects.setStartOrder(projectRef, [
      ['db'],
      ['cart', 'frontend'],
    ]);
    project = await berth.projects.getProject(projectRef);
    const [plan] = await berth.environmentService.plan(project, [
      {
        name: 'dev',
        cluster: cluster.name,
        tier: 'development',
      },
    ]);
    [base] = await berth.environmentService.create([plan], actor.ref);
    namespacesToDelete.add(base.namespace);
    const deployed = await berth.environmentService.deploy(
      project,
      base,
      actor.ref,
    );
    if (deployed.failed) {
      throw new Error(`The base did not deploy: ${deployed.message}`);
    }
    host = `${base.namespace}.sandbox.test`;
    await custom.createNamespacedCustomObject({
      ...routeApi,
      namespace: base.namespace,
      body: baseRoute([host]),
    });
    await until({}, 'base');
    await waitFor(
      async () => (await sandboxes.readiness(base)).ready,
      60_000,
      'the base ready for sandboxes',
    );
  });

  afterAll(async () => {
    await berth?.operations.stop();
    for (const name of namespacesToDelete) {
      await core.deleteNamespace({ name }).catch(() => undefined);
    }
    await knex?.destroy();
  });

  it('routes the key to the fork, keeps two sandboxes apart, restores routes after a base redeploy, and leaves nothing after delete', async () => {
    const fork = (sandbox: string) => ({
      service: 'cart',
      // Short names resolve in the sandbox namespace: frontend is a placeholder of the base's.
      variables: { sandbox, next: 'http://frontend/' },
    });
    const seconds = (since: bigint) =>
      (Number(process.hrtime.bigint() - since) / 1e9).toFixed(2);
    const createdAt = process.hrtime.bigint();
    const created = await sandboxes.create(
      base,
      { name: 'alice', forks: [fork('alice')], ttlHours: 1 },
      actor,
    );
    const alice = created.sandbox;
    namespacesToDelete.add(alice.namespace);
    expect(alice).toMatchObject({
      status: 'creating',
      namespace: `${base.namespace}-alice`,
    });
    await until({ 'x-env': 'alice' }, 'alice');
    const firstRouted = seconds(createdAt);
    await settled(created.operation!.id);
    expect(await sandboxes.get(alice.id)).toMatchObject({
      status: 'ready',
      warnings: [],
      routesWrittenAt: expect.any(String),
      previewHosts: [`alice.${host}`],
    });
    // The preview host reaches the fork with no header.
    await until({}, 'alice', `alice.${host}`);
    const details = await sandboxes.getDetails(alice.id);
    expect(details.forkStatus).toEqual([
      expect.objectContaining({
        service: 'cart',
        status: 'Running',
        ready: 1,
        desired: 1,
      }),
    ]);

    // The placeholders: every base Service but the forked one, pointing at the base.
    const placeholders = await core.listNamespacedService({
      namespace: alice.namespace,
      labelSelector: 'berth.dev/placeholder=true',
    });
    expect(
      placeholders.items
        .map(s => [s.metadata?.name, s.spec?.type, s.spec?.externalName])
        .sort(),
    ).toEqual([
      ['db', 'ExternalName', `db.${base.namespace}.svc.cluster.local`],
      [
        'frontend',
        'ExternalName',
        `frontend.${base.namespace}.svc.cluster.local`,
      ],
    ]);

    const cases: Array<[Record<string, string>, string]> = [
      [{}, 'base'],
      [{ 'x-env': 'alice' }, 'alice'],
      [{ baggage: 'foo=1, berth-sandbox=alice;p=1' }, 'alice'],
      [{ baggage: 'berth-sandbox=alice2' }, 'base'],
    ];
    expect(
      await Promise.all(
        cases.map(async ([headers]) => [headers, await reached(headers)]),
      ),
    ).toEqual(cases);
    // The fork called frontend by its short name: the placeholder resolved to the base's.
    const chained = await viaGateway(gateway.port, host, { 'x-env': 'alice' });
    expect(chained).toMatchObject({
      sandbox: 'alice',
      next: { status: 200, reply: { name: 'frontend', sandbox: 'base' } },
    });

    // A second sandbox at once: neither sees the other's traffic.
    const second = await sandboxes.create(
      base,
      { name: 'bob', forks: [fork('bob')], ttlHours: 1 },
      actor,
    );
    namespacesToDelete.add(second.sandbox.namespace);
    await settled(second.operation!.id);
    await until({ 'x-env': 'bob' }, 'bob');
    const both: Array<[Record<string, string>, string]> = [
      [{ 'x-env': 'alice' }, 'alice'],
      [{ baggage: 'berth-sandbox=bob' }, 'bob'],
      [{ 'x-env': 'bob' }, 'bob'],
      [{}, 'base'],
    ];
    for (let round = 0; round < 3; round++) {
      expect(
        await Promise.all(
          both.map(async ([headers]) => [headers, await reached(headers)]),
        ),
      ).toEqual(both);
    }

    // Which services each key reached, from the gateway's access log: the
    // fork of cart for each, never the other sandbox's namespace.
    const trafficOf = async (id: string) => sandboxes.traffic(id);
    for (const [sandbox, namespace] of [
      [alice, alice.namespace],
      [second.sandbox, second.sandbox.namespace],
    ] as const) {
      await waitFor(
        async () =>
          (
            await trafficOf(sandbox.id)
          ).services.some(s => s.namespace === namespace),
        30_000,
        `the access log to show ${sandbox.name}'s key reaching its fork`,
      );
      const traffic = await trafficOf(sandbox.id);
      expect(traffic).toMatchObject({
        observed: true,
        source: 'Traefik access log',
        forksNotReached: [],
      });
      // Newest first: the fork. Requests sent while the routes were not
      // live yet reached the base's cart with the key, and show so.
      expect(traffic.services[0]).toMatchObject({
        service: 'cart',
        namespace,
        servedBy: 'fork',
        lastPath: '/api/cart',
        lastStatus: 200,
      });
      const elsewhere = new Set(traffic.services.map(s => s.namespace));
      elsewhere.delete(namespace);
      elsewhere.delete(base.namespace);
      expect([...elsewhere]).toEqual([]);
    }

    // A base redeploy rewrites its HTTPRoute (a second host): the key does
    // not reach alice there until the reconcile writes her routes again.
    const host2 = `${base.namespace}-2.sandbox.test`;
    await custom.patchNamespacedCustomObject({
      ...routeApi,
      namespace: base.namespace,
      name: 'shop',
      body: [{ op: 'replace', path: '/spec/hostnames', value: [host, host2] }],
    });
    await until({}, 'base', host2);
    expect(await reached({ 'x-env': 'alice' }, host2)).toBe('base');
    const report = await berth.reconcileSandboxes();
    expect(report.errors).toEqual([]);
    expect(report.routed.sort()).toEqual(['alice', 'bob']);
    expect(report.orphans).toEqual([]);
    await until({ 'x-env': 'alice' }, 'alice', host2);
    await until({ 'x-env': 'bob' }, 'bob', host2);

    // Delete: the key reaches the base again, nothing of alice is left.
    const deletedAt = process.hrtime.bigint();
    const deleted = await sandboxes.delete(alice.id, actor);
    expect(deleted.sandbox.status).toBe('deleting');
    await until({ 'x-env': 'alice' }, 'base');
    const backToBase = seconds(deletedAt);
    await settled(deleted.operation!.id);
    expect(await reached({ 'x-env': 'alice' })).toBe('base');
    expect(await reached({ baggage: 'berth-sandbox=alice' })).toBe('base');
    expect(await reached({ 'x-env': 'bob' })).toBe('bob');
    await expect(sandboxes.get(alice.id)).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    expect(await labelled(base.namespace, 'alice')).toEqual([]);
    await waitFor(
      async () =>
        (await core
          .readNamespace({ name: alice.namespace })
          .then(n => Boolean(n.metadata?.deletionTimestamp))
          .catch(() => true)) === true,
      30_000,
      `${alice.namespace} gone or terminating`,
    );

    // The base cannot be deleted while bob is its sandbox.
    await expect(
      berth.environmentOperations.start(
        base,
        { kind: 'delete', title: 'Delete dev', spec: {} },
        actor,
      ),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining("'bob'"),
    });

    // Bob forks frontend instead of cart: the update deploys the fork (its
    // Service replaces the frontend placeholder), writes the routes, removes
    // the cart fork and puts the cart placeholder back.
    const bob = second.sandbox;
    const updated = await sandboxes.update(
      bob.id,
      { forks: [{ service: 'frontend', variables: { sandbox: 'bob' } }] },
      actor,
    );
    expect(updated.operation).toMatchObject({ kind: 'sandbox-update' });
    await settled(updated.operation!.id);
    await until({ 'x-env': 'bob' }, 'base');
    // Bob's key now reaches the base's cart, and nothing reached his frontend
    // fork yet: the page shows it as not reached.
    await waitFor(
      async () =>
        (
          await trafficOf(bob.id)
        ).services.some(
          s => s.namespace === base.namespace && s.service === 'cart',
        ),
      30_000,
      "the access log to show bob's key reaching the base's cart",
    );
    const beforeFrontend = await trafficOf(bob.id);
    expect(beforeFrontend.forksNotReached).toEqual(['frontend']);
    expect(beforeFrontend.services).toContainEqual(
      expect.objectContaining({
        service: 'cart',
        namespace: base.namespace,
        servedBy: 'base',
        keyHeader: 'x-env',
      }),
    );
    const frontend = await viaGateway(
      gateway.port,
      host,
      { 'x-env': 'bob' },
      '/',
    );
    expect(frontend).toMatchObject({ name: 'frontend', sandbox: 'bob' });
    await waitFor(
      async () => (await trafficOf(bob.id)).forksNotReached.length === 0,
      30_000,
      "the access log to show bob's key reaching his frontend fork",
    );
    const bobServices = await core.listNamespacedService({
      namespace: bob.namespace,
    });
    expect(
      bobServices.items
        .map(s => [s.metadata?.name, s.spec?.type ?? 'ClusterIP'])
        .sort(),
    ).toEqual([
      ['cart', 'ExternalName'],
      ['db', 'ExternalName'],
      ['frontend', 'ClusterIP'],
    ]);

    // A sandbox whose row is gone is an orphan: the reconcile removes its
    // routes and namespace.
    await berth.sandboxStore.delete(bob.id);
    const swept = await berth.reconcileSandboxes();
    expect(swept.errors).toEqual([]);
    expect(swept.orphans).toContain(`${cluster.name}/${bob.namespace}`);
    // Bob forked frontend (not cart): his key reaches the base's frontend
    // once the gateway has dropped the removed routes.
    let reply: Reply | undefined;
    await waitFor(
      async () =>
        (reply = await viaGateway(gateway.port, host, { 'x-env': 'bob' }, '/'))
          .sandbox === 'base',
      30_000,
      "bob's key to reach the base's frontend",
    );
    expect(reply).toMatchObject({ name: 'frontend', sandbox: 'base' });
    expect(await labelled(base.namespace, 'bob')).toEqual([]);
    expect(
      await core
        .readNamespace({ name: bob.namespace })
        .then(n => Boolean(n.metadata?.deletionTimestamp))
        .catch(() => true),
    ).toBe(true);
    // eslint-disable-next-line no-console
    console.log(
      `sandbox figures: create call -> first reply from the fork ${firstRouted} s; delete call -> the key reaches the base ${backToBase} s`,
    );
  });

  it('marks a sandbox whose fork fails failed, with no route left, and deletes it', async () => {
    const { sandbox, operation } = await sandboxes.create(
      base,
      {
        name: 'carol',
        // A number where the manifests want a string: the fork cannot render.
        forks: [{ service: 'cart', variables: { sandbox: { no: 1 } } }],
        ttlHours: 1,
      },
      actor,
    );
    namespacesToDelete.add(sandbox.namespace);
    await expect(settled(operation!.id)).rejects.toThrow(
      /sandbox-create failed/,
    );
    expect(await sandboxes.get(sandbox.id)).toMatchObject({
      status: 'failed',
      message: expect.stringContaining('cart'),
    });
    expect(await reached({ 'x-env': 'carol' })).toBe('base');
    expect(await labelled(base.namespace, 'carol')).toEqual([]);
    const routes = (await custom.listNamespacedCustomObject({
      ...routeApi,
      namespace: sandbox.namespace,
    })) as { items: unknown[] };
    expect(routes.items).toEqual([]);
    const deleted = await sandboxes.delete(sandbox.id, actor);
    await settled(deleted.operation!.id);
    await expect(sandboxes.get(sandbox.id)).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });
});
