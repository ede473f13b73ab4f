import {
  CoreV1Api,
  CustomObjectsApi,
  DiscoveryV1Api,
} from '@kubernetes/client-node';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  kubeConfigFor,
  TestCluster,
  testClusters,
  testNamespaces,
} from '../__testUtils__/testClusters';

// The Gateway API data plane of the local clusters (scripts/local-clusters/gateway): Traefik,
// built from Go modules, serves the Gateway berth-gateway/berth on loopback and routes HTTPRoutes
// by `x-env` (Exact) and `baggage` (the anchored regular expression of sandbox routing). The
// backends are two echo servers this test starts on the machine's own non-loopback address
// (the API refuses loopback endpoint addresses), behind selector-less Services and EndpointSlices.
// No pod is needed, so the test runs with and without the real node.
jest.setTimeout(180_000);

const run = promisify(execFile);
const GROUP = 'gateway.networking.k8s.io';
const VERSION = 'v1';
const SANDBOX = 'alice';
/** sandboxes.md: one anchored pattern for every engine (Traefik searches a header's value). */
const baggagePattern = (name: string) =>
  `^(.*,)?[ \\t]*berth-sandbox[ \\t]*=[ \\t]*${name.replace(
    /[.*+?^${}()|[\]\\]/g,
    '\\$&',
  )}[ \\t]*([;,].*)?$`;

interface GatewayState {
  url: string;
  port: number;
  gateway: string;
}

function gatewayOf(cluster: TestCluster): GatewayState {
  const state = JSON.parse(
    readFileSync(join(cluster.kubeconfig, '..', 'cluster.json'), 'utf8'),
  );
  if (!state.gateway) {
    throw new Error(
      `${cluster.name} has no gateway: build Traefik (tools/build-node.sh) and restart the clusters`,
    );
  }
  return state.gateway;
}

/** The machine's first non-internal IPv4 address (eth0's here); it must route locally (via lo). */
async function hostAddress(): Promise<string> {
  const address = Object.values(networkInterfaces())
    .flat()
    .find(a => a && a.family === 'IPv4' && !a.internal)?.address;
  if (!address)
    throw new Error('this machine has no non-loopback IPv4 address');
  const { stdout } = await run('ip', ['route', 'get', address]);
  if (!/^local\s/.test(stdout.trim()) || !/\bdev lo\b/.test(stdout)) {
    throw new Error(`${address} is not routed locally: ${stdout.trim()}`);
  }
  return address;
}

/** An echo server on `address`: answers JSON with its name and the request's headers. */
async function echoServer(name: string, address: string) {
  const server = http.createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({ name, path: req.url, headers: req.headersDistinct }),
    );
  });
  await new Promise<void>(resolve => server.listen(0, address, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

interface Reply {
  status?: number;
  name?: string;
  headers?: Record<string, string[]>;
  error?: string;
}

/** A GET through the gateway with the given Host and headers (an array value sends the header twice). */
function get(
  gatewayUrl: string,
  host: string,
  headers: Record<string, string | string[]> = {},
): Promise<Reply> {
  return new Promise(resolve => {
    const req = http.get(
      `${gatewayUrl}/hello`,
      { headers: { ...headers, host }, timeout: 3000, agent: false },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            const body = JSON.parse(text);
            resolve({ status: res.statusCode, ...body });
          } catch {
            resolve({ status: res.statusCode });
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', e => resolve({ error: e.message }));
  });
}

/** Polls every 10 ms until a reply comes from `backend`; resolves the seconds it took from `t0`. */
async function secondsUntil(
  t0: bigint,
  send: () => Promise<Reply>,
  backend: string,
): Promise<number> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const reply = await send();
    if (reply.status === 200 && reply.name === backend)
      return Number(process.hrtime.bigint() - t0) / 1e9;
    if (Date.now() > deadline)
      throw new Error(
        `no reply from ${backend} within 30 s: ${JSON.stringify(reply)}`,
      );
    await new Promise(resolve => setTimeout(resolve, 10));
  }
}

describe('the Gateway API data plane of local-east', () => {
  const cluster = testClusters().find(c => c.name === 'local-east');
  if (!cluster) throw new Error('local-east is not among the test clusters');
  const gateway = gatewayOf(cluster);
  const [gatewayNamespace, gatewayName] = gateway.gateway.split('/');
  const kc = kubeConfigFor(cluster);
  const core = kc.makeApiClient(CoreV1Api);
  const discovery = kc.makeApiClient(DiscoveryV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const namespaces = testNamespaces(cluster, 'gateway-int');
  const servers: Array<{ close: () => Promise<unknown> }> = [];

  let namespace: string;
  let host: string;
  const send = (headers: Record<string, string | string[]> = {}) =>
    get(gateway.url, host, headers);

  const route = (
    name: string,
    rule: { matches?: object[]; backend: string },
  ) => ({
    apiVersion: `${GROUP}/${VERSION}`,
    kind: 'HTTPRoute',
    metadata: { name, namespace },
    spec: {
      parentRefs: [{ name: gatewayName, namespace: gatewayNamespace }],
      hostnames: [host],
      rules: [
        {
          ...(rule.matches ? { matches: rule.matches } : {}),
          backendRefs: [{ name: rule.backend, port: 80 }],
        },
      ],
    },
  });
  const createRoute = (body: ReturnType<typeof route>) =>
    custom.createNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace,
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

  /** A selector-less Service whose EndpointSlice points at an echo server of this machine. */
  async function hostBackend(name: string, address: string) {
    const server = await echoServer(name, address);
    servers.push(server);
    await core.createNamespacedService({
      namespace,
      body: {
        metadata: { name },
        spec: {
          ports: [{ name: 'http', port: 80, targetPort: server.port as any }],
        },
      },
    });
    await discovery.createNamespacedEndpointSlice({
      namespace,
      body: {
        metadata: {
          name: `${name}-host`,
          labels: {
            'kubernetes.io/service-name': name,
            'endpointslice.kubernetes.io/managed-by': 'berth-gateway-int-test',
          },
        },
        addressType: 'IPv4',
        endpoints: [{ addresses: [address], conditions: { ready: true } }],
        ports: [{ name: 'http', port: server.port, protocol: 'TCP' }],
      },
    });
  }

  beforeAll(async () => {
    const address = await hostAddress();
    namespace = await namespaces.create();
    host = `${namespace}.gateway.test`;
    await hostBackend('base', address);
    await hostBackend(SANDBOX, address);
    await createRoute(route('base', { backend: 'base' }));
    await secondsUntil(process.hrtime.bigint(), () => send(), 'base');
  });

  afterAll(async () => {
    await Promise.all(servers.map(s => s.close()));
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
    expect(gw.spec.listeners).toEqual([
      expect.objectContaining({
        port: gateway.port,
        allowedRoutes: { namespaces: { from: 'All' } },
      }),
    ]);
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
    expect(reply.headers?.['x-env']).toEqual([SANDBOX]);
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
    expect(two.headers?.baggage).toEqual(['foo=1', 'berth-sandbox=alice']);

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
    // eslint-disable-next-line no-console
    console.log(
      `gateway figures: HTTPRoute apply -> first routed reply ${applyXEnv.toFixed(
        3,
      )} s (x-env), ${applyBaggage.toFixed(
        3,
      )} s (baggage); delete -> back to the default ${backXEnv.toFixed(
        3,
      )} s (x-env), ${backBaggage.toFixed(3)} s (baggage)`,
    );
  });
});
