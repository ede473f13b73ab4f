import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  BerthEnvironment,
  isTerminalOperationStatus,
  ServiceSpec,
} from '@berth/plugin-berth-common';
import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
} from '@kubernetes/client-node';
import knexFactory, { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClusterRegistry } from '../../clusters/ClusterRegistry';
import { createBerthServices } from '../../createBerthServices';
import { applyDatabaseMigrations } from '../../database/migrations';
import {
  echoDeployment,
  GATEWAY_GROUP,
  GATEWAY_VERSION,
  gatewayOf,
  httpRoute,
  viaGateway,
} from '../../__testUtils__/gateway';
import {
  kubeConfigFor,
  localEastWithRealNode,
  testNamespaces,
  waitFor,
} from '../../__testUtils__/testClusters';

// bench/sandboxes (run it with bench/sandboxes/run.sh): a base environment of SERVICES services
// deployed by Berth on local-east (cart and frontend real echo pods on the real node behind an
// HTTPRoute on the gateway, the rest kwok pods with headless Services: the local clusters' Service
// range is a /24), then a one-service sandbox
// (a fork of cart) through the service and the operations engine: seconds from the create call to
// the first reply routed to the fork (x-env), and from the delete call to the key reaching the
// base again; the same once OTHERS more sandboxes run on the base; where the create's time goes
// (its operation's steps). Baseline of the same run: the same fork made by hand (a namespace, the
// echo Deployment and Service, an HTTPRoute with the key), create -> first routed reply.
jest.setTimeout(3_600_000);

const SERVICES = Number(process.env.BENCH_SANDBOX_SERVICES ?? 300);
const OTHERS = Number(process.env.BENCH_SANDBOX_OTHERS ?? 10);
const actor = { ref: 'user:default/bench', type: 'user' as const };

/** An echo Deployment and Service, on the real node or on kwok. */
function echoService(
  name: string,
  where: 'real' | 'kwok',
  image: string,
): ServiceSpec {
  const placement =
    where === 'real'
      ? `      nodeSelector:
        berth.dev/real-node: "true"
      tolerations:
        - key: berth.dev/real-node
          operator: Exists
          effect: NoSchedule`
      : `      nodeSelector:
        type: kwok`;
  // The local clusters' Service range is a /24: the kwok services are headless.
  const headless = where === 'kwok' ? '  clusterIP: None\n' : '';
  return {
    kind: 'manifests',
    variables: [
      { name: 'image', type: 'string', default: image },
      { name: 'sandbox', type: 'string', default: '' },
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
${placement}
      containers:
        - name: echo
          image: {{ .image }}
          env:
            - name: ECHO_NAME
              value: ${name}
            - name: ECHO_SANDBOX
              value: "{{ .sandbox }}"
          ports:
            - containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
${headless}  selector:
    app: ${name}
  ports:
    - name: http
      port: 80
      targetPort: 8080
`,
  };
}

const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;
const fmt = (s: number) => `${s.toFixed(2)} s`;

describe(`bench/sandboxes: a one-service sandbox of a ${SERVICES}-service base`, () => {
  const { cluster, realNode } = localEastWithRealNode();
  const gateway = gatewayOf(cluster);
  const kc = kubeConfigFor(cluster);
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const handMade = testNamespaces(cluster, 'bench-sbx-hand');
  const projectName = `bench-sbx-${randomBytes(3).toString('hex')}`;
  const projectRef = `system:default/${projectName}`;
  let knex: Knex;
  let berth: ReturnType<typeof createBerthServices>;
  let base: BerthEnvironment;
  let host = '';
  const lines: string[] = [];
  const say = (line: string) => {
    lines.push(line);
    // eslint-disable-next-line no-console
    console.log(line);
  };

  /** `base` or the sandbox whose fork answered. */
  const reached = async (headers: Record<string, string>) => {
    const reply = await viaGateway(gateway.url, host, headers);
    if (reply.status !== 200) return `HTTP ${reply.status}`;
    return reply.sandbox || 'base';
  };
  const until = async (
    headers: Record<string, string>,
    expected: string,
    timeoutMs = 120_000,
  ) => {
    let last = '';
    await waitFor(
      async () => (last = await reached(headers)) === expected,
      timeoutMs,
      `${JSON.stringify(headers)} to reach ${expected} (last: ${last})`,
    );
  };
  const settled = async (operationId: string) => {
    await waitFor(
      async () =>
        isTerminalOperationStatus(
          (
            await berth.operationStore.get(operationId)
          ).status,
        ),
      600_000,
      `operation ${operationId}`,
    );
    const operation = await berth.operationStore.get(operationId);
    expect(operation.status).toBe('succeeded');
    return operation;
  };

  /** Creates a sandbox forking cart; seconds to the first routed reply, and its operation. */
  async function createSandbox(name: string) {
    const t0 = process.hrtime.bigint();
    const { operation } = await berth.sandboxes.create(
      base,
      {
        name,
        forks: [{ service: 'cart', variables: { sandbox: name } }],
        ttlHours: 2,
      },
      actor,
    );
    await until({ 'x-env': name }, name);
    const routed = seconds(t0);
    await settled(operation!.id);
    return { routed, operationId: operation!.id };
  }

  async function deleteSandbox(name: string) {
    const sandbox = (await berth.sandboxes.listForBase(base.id)).find(
      s => s.name === name,
    )!;
    const t0 = process.hrtime.bigint();
    const { operation } = await berth.sandboxes.delete(sandbox.id, actor);
    await until({ 'x-env': name }, 'base');
    const back = seconds(t0);
    await settled(operation!.id);
    return back;
  }

  /** The create operation's steps, longest first. */
  async function steps(operationId: string) {
    const operation = await berth.operationStore.get(operationId);
    const described = await berth.operationStore.describe(operation, {
      details: true,
    });
    return (described.steps ?? [])
      .filter(s => s.startedAt && s.finishedAt)
      .map(s => ({
        title: s.title,
        s: (Date.parse(s.finishedAt!) - Date.parse(s.startedAt!)) / 1000,
      }))
      .sort((a, b) => b.s - a.s)
      .slice(0, 6)
      .map(s => `${s.title} ${fmt(s.s)}`)
      .join('; ');
  }

  /** The same fork by hand: namespace, Deployment, Service, a keyed HTTPRoute. */
  async function handMadeFork(name: string) {
    const t0 = process.hrtime.bigint();
    const namespace = await handMade.create();
    await apps.createNamespacedDeployment({
      namespace,
      body: echoDeployment('cart', realNode.images.echo, 'real', undefined, {
        ECHO_SANDBOX: name,
      }),
    });
    await core.createNamespacedService({
      namespace,
      body: {
        metadata: { name: 'cart' },
        spec: {
          selector: { app: 'cart' },
          ports: [{ port: 80, targetPort: 8080 as never }],
        },
      },
    });
    const route = httpRoute(gateway, namespace, 'hand', host, {
      matches: [
        {
          path: { type: 'PathPrefix', value: '/' },
          headers: [{ type: 'Exact', name: 'x-env', value: name }],
        },
      ],
      backend: 'cart',
    });
    await custom.createNamespacedCustomObject({
      group: GATEWAY_GROUP,
      version: GATEWAY_VERSION,
      namespace,
      plural: 'httproutes',
      body: route,
    });
    await until({ 'x-env': name }, name);
    return seconds(t0);
  }

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
          deploy: { groupTimeoutSeconds: 600 },
        },
      }),
      knex,
      clusters: ClusterRegistry.fromConfig(appConfig),
      catalog: catalogServiceMock(),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
    });
    berth.operations.start();
    await berth.projectStore.upsert({ ref: projectRef, name: projectName });
    const names = [
      'cart',
      'frontend',
      ...Array.from(
        { length: Math.max(0, SERVICES - 2) },
        (_, i) => `svc-${String(i + 1).padStart(3, '0')}`,
      ),
    ];
    for (const name of names) {
      await berth.projects.createService(
        projectRef,
        {
          name,
          componentRef: `component:default/${name}`,
          spec: echoService(
            name,
            name === 'cart' || name === 'frontend' ? 'real' : 'kwok',
            realNode.images.echo,
          ),
        },
        actor.ref,
      );
    }
    const project = await berth.projects.getProject(projectRef);
    const [plan] = await berth.environmentService.plan(project, [
      {
        name: 'bench',
        cluster: cluster.name,
        tier: 'development',
        services: Object.fromEntries(
          names.map(name => [
            name,
            { variables: { image: realNode.images.echo } },
          ]),
        ),
      },
    ]);
    const t0 = process.hrtime.bigint();
    [base] = await berth.environmentService.create([plan], actor.ref);
    const deployed = await berth.environmentService.deploy(
      project,
      base,
      actor.ref,
    );
    if (deployed.message) throw new Error(deployed.message);
    say(
      `base: ${names.length} services deployed by Berth in ${fmt(seconds(t0))}`,
    );
    host = `${base.namespace}.bench.test`;
    // The whole host to cart (the fork's service): the sandbox route copies the rule.
    const route = httpRoute(gateway, base.namespace, 'shop', host, {
      backend: 'cart',
    });
    await custom.createNamespacedCustomObject({
      group: GATEWAY_GROUP,
      version: GATEWAY_VERSION,
      namespace: base.namespace,
      plural: 'httproutes',
      body: route,
    });
    await until({}, 'base');
    await waitFor(
      async () => (await berth.sandboxes.readiness(base)).ready,
      120_000,
      'the base ready for sandboxes',
    );
  });

  afterAll(async () => {
    await berth?.operations.stop();
    if (base) {
      await core
        .deleteNamespace({ name: base.namespace })
        .catch(() => undefined);
    }
    await handMade.cleanUp();
    await knex?.destroy();
    if (process.env.BENCH_OUT) {
      mkdirSync(process.env.BENCH_OUT, { recursive: true });
      writeFileSync(
        join(process.env.BENCH_OUT, 'sandboxes.txt'),
        `${lines.join('\n')}\n`,
      );
    }
  });

  it('creates and deletes a one-service sandbox, alone and beside others', async () => {
    const baseline = await handMadeFork('hand');
    say(
      `baseline: the same fork by hand (namespace, Deployment, Service, keyed HTTPRoute) -> first routed reply ${fmt(
        baseline,
      )}`,
    );

    const alone = await createSandbox('alice');
    say(
      `one sandbox: create call -> first reply routed to the fork ${fmt(
        alone.routed,
      )} (target <= 3 s; ${(alone.routed / baseline).toFixed(
        2,
      )}x the baseline)`,
    );
    say(
      `  where the time goes (create operation steps): ${await steps(
        alone.operationId,
      )}`,
    );
    const namespace = (await berth.sandboxes.listForBase(base.id)).find(
      s => s.name === 'alice',
    )!.namespace;
    const placeholders = await core.listNamespacedService({
      namespace,
      labelSelector: 'berth.dev/placeholder=true',
    });
    say(
      `  placeholder Services in the sandbox namespace: ${placeholders.items.length}`,
    );
    const backAlone = await deleteSandbox('alice');
    say(
      `one sandbox: delete call -> the key reaches the base ${fmt(
        backAlone,
      )} (target <= 1 s)`,
    );

    for (let i = 1; i <= OTHERS; i++) {
      await createSandbox(`other-${i}`);
    }
    const beside = await createSandbox('bob');
    say(
      `with ${OTHERS} other sandboxes on the base: create -> first routed reply ${fmt(
        beside.routed,
      )}`,
    );
    say(`  where the time goes: ${await steps(beside.operationId)}`);
    const backBeside = await deleteSandbox('bob');
    say(
      `with ${OTHERS} other sandboxes: delete -> the key reaches the base ${fmt(
        backBeside,
      )}`,
    );
    expect(await reached({ 'x-env': 'other-1' })).toBe('other-1');
    for (let i = 1; i <= OTHERS; i++) {
      await deleteSandbox(`other-${i}`);
    }
    expect(await reached({ 'x-env': 'other-1' })).toBe('base');
  });
});
