import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
} from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import {
  echoDeployment,
  GATEWAY_GROUP as GROUP,
  GATEWAY_VERSION as VERSION,
  gatewayOf,
  httpRoute,
  processUsage,
  secondsUntil,
  viaGateway,
} from '../__testUtils__/gateway';
import {
  kubeConfigFor,
  localEastWithRealNode,
  testNamespaces,
  waitFor,
} from '../__testUtils__/testClusters';

// The Gateway API data plane of local-east (scripts/local-clusters/gateway): Traefik, built from
// Go modules with the watchPodsOnNode patch (tools/traefik/patches), serves the Gateway
// berth-gateway/berth on loopback and routes HTTPRoutes by `x-env` (Exact) and `baggage` (the
// anchored regular expression of sandbox routing) to echo pods on the real node. Traefik watches
// only berth-gateway and the namespaces with a pod on the real node: a route in a namespace whose
// pods all run on kwok is not served (404), and is as soon as a real pod appears there.
jest.setTimeout(240_000);

const SANDBOX = 'alice';
/** sandboxes.md: one anchored pattern for every engine (Traefik searches a header's value). */
const baggagePattern = (name: string) =>
  `^(.*,)?[ \\t]*berth-sandbox[ \\t]*=[ \\t]*${name.replace(
    /[.*+?^${}()|[\]\\]/g,
    '\\$&',
  )}[ \\t]*([;,].*)?$`;

describe('the Gateway API data plane of local-east', () => {
  const { cluster, realNode } = localEastWithRealNode();
  const gateway = gatewayOf(cluster);
  const [gatewayNamespace, gatewayName] = gateway.gateway.split('/');
  const kc = kubeConfigFor(cluster);
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const namespaces = testNamespaces(cluster, 'gateway-int');
  const figures: string[] = [];

  let namespace: string;
  let host: string;
  const send = (headers: Record<string, string | string[]> = {}) =>
    viaGateway(gateway.url, host, headers);

  const route = (name: string, rule: { matches?: object[]; backend: string }) =>
    httpRoute(gateway, namespace, name, host, rule);
  const createRoute = (body: ReturnType<typeof route>) =>
    custom.createNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace: body.metadata.namespace,
      plural: 'httproutes',
      body,
    });
  const deleteRoute = (name: string) =>
    custom.deleteNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace,
      plural: 'httproutes',
      name,
    });
  const sandboxRoutes = () => [
    route('alice-x-env', {
      matches: [
        { headers: [{ type: 'Exact', name: 'x-env', value: SANDBOX }] },
      ],
      backend: SANDBOX,
    }),
    route('alice-baggage', {
      matches: [
        {
          headers: [
            {
              type: 'RegularExpression',
              name: 'baggage',
              value: baggagePattern(SANDBOX),
            },
          ],
        },
      ],
      backend: SANDBOX,
    }),
  ];

  /** An echo Deployment (real node or kwok) and its Service `name` (port 80 -> 8080). */
  async function backend(ns: string, name: string, where: 'real' | 'kwok') {
    await apps.createNamespacedDeployment({
      namespace: ns,
      body: echoDeployment(name, realNode.images.echo, where),
    });
    await core.createNamespacedService({
      namespace: ns,
      body: {
        metadata: { name },
        spec: {
          selector: { app: name },
          ports: [{ port: 80, targetPort: 8080 as any }],
        },
      },
    });
  }
  const ready = (ns: string, name: string) =>
    waitFor(
      async () =>
        (await apps.readNamespacedDeployment({ name, namespace: ns })).status
          ?.readyReplicas === 1,
      120_000,
      `${ns}/${name} Ready`,
    );

  beforeAll(async () => {
    namespace = await namespaces.create();
    host = `${namespace}.gateway.test`;
    await backend(namespace, 'base', 'real');
    await backend(namespace, SANDBOX, 'real');
    await ready(namespace, 'base');
    await ready(namespace, SANDBOX);
    const applied = process.hrtime.bigint();
    await createRoute(route('base', { backend: 'base' }));
    const first = await secondsUntil(applied, () => send(), 'base');
    figures.push(
      `HTTPRoute apply -> first routed reply in a new namespace (pods Ready first) ${first.toFixed(
        3,
      )} s`,
    );
  });

  afterAll(async () => {
    // eslint-disable-next-line no-console
    console.log(`gateway figures:\n  ${figures.join('\n  ')}`);
    await namespaces.cleanUp();
  });

  it('serves the Gateway berth on loopback, accepted by Traefik', async () => {
    expect(gateway.url).toBe(`http://127.0.0.1:${gateway.port}`);
    const gw = (await custom.getNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace: gatewayNamespace,
      plural: 'gateways',
      name: gatewayName,
    })) as any;
    expect(gw.spec.gatewayClassName).toBe('berth');
    // `web` on loopback; with the real node also `mesh`, the entry point pods
    // reach through the Service berth-gateway/mesh.
    const listeners = [
      { name: 'web', port: gateway.port },
      ...(gateway.mesh ? [{ name: 'mesh', port: gateway.mesh.port }] : []),
    ];
    expect(gw.spec.listeners).toEqual(
      listeners.map(listener =>
        expect.objectContaining({
          ...listener,
          allowedRoutes: { namespaces: { from: 'All' } },
        }),
      ),
    );
    expect(gw.status.addresses).toEqual([
      expect.objectContaining({ value: '127.0.0.1' }),
    ]);
    const base = (await custom.getNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace,
      plural: 'httproutes',
      name: 'base',
    })) as any;
    expect(base.status.parents[0]).toMatchObject({
      controllerName: 'traefik.io/gateway-controller',
      conditions: expect.arrayContaining([
        expect.objectContaining({ type: 'Accepted', status: 'True' }),
      ]),
    });
    const reply = await send({ 'x-env': SANDBOX });
    expect(reply).toMatchObject({ status: 200, name: 'base' });
    expect(reply.headers?.['X-Env']).toEqual([SANDBOX]);
  });

  it('routes x-env and baggage to the sandbox, everything else to the base, and back after delete', async () => {
    const applied = process.hrtime.bigint();
    await Promise.all(sandboxRoutes().map(createRoute));
    const applyXEnv = await secondsUntil(
      applied,
      () => send({ 'x-env': SANDBOX }),
      SANDBOX,
    );
    const applyBaggage = await secondsUntil(
      applied,
      () => send({ baggage: `berth-sandbox=${SANDBOX}` }),
      SANDBOX,
    );

    const toSandbox: Array<Record<string, string | string[]>> = [
      { 'x-env': 'alice' },
      { 'X-ENV': 'alice' },
      { baggage: 'berth-sandbox=alice' },
      { baggage: 'foo=1, berth-sandbox=alice;p=1' },
      { baggage: 'berth-sandbox = alice' },
      { baggage: ['foo=1', 'berth-sandbox=alice'] },
    ];
    const toBase: Array<Record<string, string | string[]>> = [
      {},
      { 'x-env': 'Alice' },
      { 'x-env': 'alice2' },
      { baggage: 'berth-sandbox=alice2' },
      { baggage: 'xberth-sandbox=alice' },
      { baggage: 'foo=berth-sandbox=alice' },
    ];
    const reached = async (cases: typeof toSandbox) =>
      Promise.all(
        cases.map(async headers => {
          const r = await send(headers);
          return { headers, status: r.status, name: r.name };
        }),
      );
    expect(await reached(toSandbox)).toEqual(
      toSandbox.map(headers => ({ headers, status: 200, name: SANDBOX })),
    );
    expect(await reached(toBase)).toEqual(
      toBase.map(headers => ({ headers, status: 200, name: 'base' })),
    );
    // Both baggage headers reach the backend unchanged.
    const two = await send({ baggage: ['foo=1', 'berth-sandbox=alice'] });
    expect(two.headers?.Baggage).toEqual(['foo=1', 'berth-sandbox=alice']);

    const deleted = process.hrtime.bigint();
    await Promise.all(['alice-x-env', 'alice-baggage'].map(deleteRoute));
    const backXEnv = await secondsUntil(
      deleted,
      () => send({ 'x-env': SANDBOX }),
      'base',
    );
    const backBaggage = await secondsUntil(
      deleted,
      () => send({ baggage: `berth-sandbox=${SANDBOX}` }),
      'base',
    );
    expect(await reached(toSandbox)).toEqual(
      toSandbox.map(headers => ({ headers, status: 200, name: 'base' })),
    );
    figures.push(
      `HTTPRoute apply -> first routed reply in a watched namespace ${applyXEnv.toFixed(
        3,
      )} s (x-env), ${applyBaggage.toFixed(3)} s (baggage)`,
      `HTTPRoute delete -> back to the default ${backXEnv.toFixed(
        3,
      )} s (x-env), ${backBaggage.toFixed(3)} s (baggage)`,
    );
  });

  it('does not serve a namespace with no real pod (404), serves it once a real pod appears', async () => {
    const kwokOnly = await namespaces.create();
    const withPod = await namespaces.create();
    const hostOf = (ns: string) => `${ns}.gateway.test`;
    const sendTo = (ns: string) => () => viaGateway(gateway.url, hostOf(ns));
    await backend(kwokOnly, 'web', 'kwok');
    await backend(withPod, 'web', 'real');
    await ready(kwokOnly, 'web');
    await ready(withPod, 'web');
    const routeIn = (ns: string) =>
      httpRoute(gateway, ns, 'web', hostOf(ns), { backend: 'web' });
    await Promise.all([
      createRoute(routeIn(kwokOnly)),
      createRoute(routeIn(withPod)),
    ]);
    await secondsUntil(process.hrtime.bigint(), sendTo(withPod), 'web');
    // Both routes were applied together and Traefik has reloaded: the kwok-only one is not loaded
    // (a loaded route to pods that cannot be reached would answer 502/503 or time out, not 404).
    for (let i = 0; i < 5; i++) {
      expect(await sendTo(kwokOnly)()).toMatchObject({ status: 404 });
      await new Promise(resolve => setTimeout(resolve, 200));
    }
    const statusOf = async (ns: string) =>
      (
        (await custom.getNamespacedCustomObject({
          group: GROUP,
          version: VERSION,
          namespace: ns,
          plural: 'httproutes',
          name: 'web',
        })) as any
      ).status?.parents ?? [];
    // Traefik never saw the kwok-only route, so it did not set its status.
    expect(await statusOf(kwokOnly)).toEqual([]);
    await waitFor(
      async () => (await statusOf(withPod)).length === 1,
      30_000,
      'the status of the served route',
    );
    const log = () => readFileSync(gateway.logFile, 'utf8');
    expect(log()).toContain(`Watching namespace "${withPod}"`);
    expect(log()).not.toContain(`"${kwokOnly}"`);

    // A real pod appears in the kwok-only namespace (the kwok one goes first: its address is
    // blackholed): the namespace is watched and the route served.
    await apps.deleteNamespacedDeployment({ name: 'web', namespace: kwokOnly });
    await waitFor(
      async () =>
        (await core.listNamespacedPod({ namespace: kwokOnly })).items.length ===
        0,
      60_000,
      'the kwok pod gone',
    );
    const created = process.hrtime.bigint();
    await apps.createNamespacedDeployment({
      namespace: kwokOnly,
      body: echoDeployment('web-real', realNode.images.echo, 'real', {
        app: 'web',
      }),
    });
    const served = await secondsUntil(
      created,
      sendTo(kwokOnly),
      'web-real',
      60_000,
    );
    expect(log()).toContain(`Watching namespace "${kwokOnly}"`);
    await waitFor(
      async () => (await statusOf(kwokOnly)).length === 1,
      30_000,
      'the status of the newly served route',
    );
    figures.push(
      `real pod created in a namespace with a route -> first routed reply ${served.toFixed(
        3,
      )} s (pod start included)`,
    );
  });

  it('stops serving a namespace some time after its last real pod is gone (grace 60 s)', async () => {
    const ns = await namespaces.create();
    const nsHost = `${ns}.gateway.test`;
    const sendNs = () => viaGateway(gateway.url, nsHost);
    await backend(ns, 'web', 'real');
    await ready(ns, 'web');
    await createRoute(
      httpRoute(gateway, ns, 'web', nsHost, { backend: 'web' }),
    );
    await secondsUntil(process.hrtime.bigint(), sendNs, 'web');
    await apps.deleteNamespacedDeployment({ name: 'web', namespace: ns });
    await waitFor(
      async () =>
        (await core.listNamespacedPod({ namespace: ns })).items.length === 0,
      60_000,
      'the real pod gone',
    );
    const gone = process.hrtime.bigint();
    await waitFor(
      async () => (await sendNs()).status === 404,
      150_000,
      'the route no longer served',
    );
    const unserved = Number(process.hrtime.bigint() - gone) / 1e9;
    expect(readFileSync(gateway.logFile, 'utf8')).toContain(
      `No longer watching namespace "${ns}"`,
    );
    // Not before the grace: a quick delete and recreate does not flap.
    expect(unserved).toBeGreaterThan(30);
    figures.push(
      `last real pod gone -> route no longer served (404) ${unserved.toFixed(
        1,
      )} s (grace 60 s)`,
    );
  });

  it('watches berth-gateway plus the namespaces with a pod on the real node', () => {
    expect(gateway.watch).toEqual({
      namespaces: [gatewayNamespace],
      podsOnNode: realNode.node,
    });
    const usage = processUsage(gateway.pid);
    expect(usage.rssMiB).toBeGreaterThan(0);
    figures.push(
      `Traefik RSS ${usage.rssMiB.toFixed(0)} MiB, CPU ${usage.cpuS.toFixed(
        2,
      )} s since its start`,
    );
  });
});
