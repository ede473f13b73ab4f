import { mockServices } from '@backstage/backend-test-utils';
import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  V1Deployment,
} from '@kubernetes/client-node';
import { request as httpRequest } from 'node:http';
import { BerthSandboxRouting } from '@berth/plugin-berth-node';
import { ObjectApi } from '../../kubernetes/ObjectApi';
import {
  kubeConfigFor,
  localEastWithRealNode,
  testNamespaces,
  waitFor,
} from '../../__testUtils__/testClusters';
import { GatewayApiRoutingDriver } from './GatewayApiRoutingDriver';
import { KubeRoutingObjects } from './kube/KubeRoutingObjects';

// The Gateway API driver against local-east's real data plane: a base namespace with an echo
// Deployment, Service and HTTPRoute on the gateway berth-gateway/berth (Traefik), and two sandbox
// namespaces (alice, bob) each with a fork of the echo service (Traefik serves only namespaces
// that hold a pod on the real node: every namespace here does). The driver writes the sandbox
// routes; requests with a sandbox's key reach its fork, all others the base; after removal, the
// base again, and no object of the sandbox is left.
jest.setTimeout(300_000);

const GATEWAY = { namespace: 'berth-gateway', name: 'berth' };
const TOLERATION = {
  key: 'berth.dev/real-node',
  operator: 'Exists',
  effect: 'NoSchedule',
};

function echoDeployment(
  name: string,
  sandbox: string,
  image: string,
  nextHop?: string,
): V1Deployment {
  return {
    metadata: { name },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          nodeSelector: { 'berth.dev/real-node': 'true' },
          tolerations: [TOLERATION],
          containers: [
            {
              name: 'echo',
              image,
              env: [
                { name: 'ECHO_NAME', value: name },
                { name: 'ECHO_SANDBOX', value: sandbox },
                ...(nextHop ? [{ name: 'ECHO_NEXT_HOP', value: nextHop }] : []),
              ],
              ports: [{ containerPort: 8080 }],
            },
          ],
        },
      },
    },
  };
}

interface EchoReply {
  name?: string;
  sandbox?: string;
  /** The request's headers, canonical names, every value. */
  headers?: Record<string, string[]>;
  /** The next hop's reply, when ECHO_NEXT_HOP is set. */
  next?: { url: string; status?: number; reply?: EchoReply; error?: string };
}

interface Reply extends EchoReply {
  status: number;
  error?: string;
}

/** GET through the gateway with a Host header and the request's headers. */
function viaGateway(
  port: number,
  host: string,
  headers: Record<string, string> = {},
): Promise<Reply> {
  return new Promise(done => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: '/api/cart',
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

describe('the Gateway API routing driver on local-east', () => {
  const { cluster, realNode, gateway } = localEastWithRealNode();
  if (!gateway) {
    throw new Error(
      'local-east has no gateway: build the node binaries (./berth build node)',
    );
  }
  const kc = kubeConfigFor(cluster);
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const namespaces = testNamespaces(cluster, 'sbx-routing-int');
  const driver = new GatewayApiRoutingDriver(
    () => new KubeRoutingObjects(ObjectApi.forConfig(kc)),
  );
  const context = {
    logger: mockServices.logger.mock(),
    cluster: cluster.name,
  };
  let base = '';
  let host = '';
  const sandboxNamespaces: Record<string, string> = {};
  const send = (headers: Record<string, string> = {}) =>
    viaGateway(gateway.port, host, headers);
  /** `base` or the sandbox whose fork answered. */
  const reached = async (headers: Record<string, string>) => {
    const reply = await send(headers);
    if (reply.status !== 200) return `HTTP ${reply.status} ${reply.error}`;
    return reply.sandbox || 'base';
  };
  const routing = (sandbox: string): BerthSandboxRouting => ({
    sandbox,
    namespace: sandboxNamespaces[sandbox],
    base: { environmentId: 'int-test', cluster: cluster.name, namespace: base },
    forks: [
      {
        service: 'cart',
        baseService: 'cart',
        target: `cart.${sandboxNamespaces[sandbox]}.svc.cluster.local`,
      },
    ],
  });
  /** The first reply from `to` (no header) that `done` accepts, polling every 50 ms. */
  const pollGateway = async (
    to: string,
    done: (reply: Reply) => boolean,
    what: string,
  ): Promise<Reply> => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const reply = await viaGateway(gateway.port, to);
      if (done(reply)) return reply;
      if (Date.now() > deadline) {
        throw new Error(
          `Timed out waiting for ${what}; last reply ${JSON.stringify(
            reply,
          ).slice(0, 500)}`,
        );
      }
      await new Promise(resolve => setTimeout(resolve, 50));
    }
  };
  /** Seconds from `t0` until `headers` reach `expected`. */
  const secondsUntil = async (
    t0: bigint,
    headers: Record<string, string>,
    expected: string,
  ) => {
    let last = '';
    await waitFor(
      async () => (last = await reached(headers)) === expected,
      30_000,
      `${JSON.stringify(headers)} to reach ${expected} (last: ${last})`,
    );
    return Number(process.hrtime.bigint() - t0) / 1e9;
  };

  async function echoService(
    namespace: string,
    sandbox: string,
    nextHop?: string,
  ) {
    await apps.createNamespacedDeployment({
      namespace,
      body: echoDeployment('cart', sandbox, realNode.images.echo, nextHop),
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
  }

  beforeAll(async () => {
    base = await namespaces.create();
    host = `${base}.sandbox.test`;
    await echoService(base, '');
    await custom.createNamespacedCustomObject({
      group: 'gateway.networking.k8s.io',
      version: 'v1',
      namespace: base,
      plural: 'httproutes',
      body: {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { name: 'shop' },
        spec: {
          parentRefs: [GATEWAY],
          hostnames: [host],
          rules: [
            {
              matches: [{ path: { type: 'PathPrefix', value: '/api/cart' } }],
              backendRefs: [{ name: 'cart', port: 80 }],
            },
          ],
        },
      },
    });
    for (const sandbox of ['alice', 'bob']) {
      sandboxNamespaces[sandbox] = await namespaces.create();
      // alice's fork calls the base's cart: its next hop shows what it forwards.
      await echoService(
        sandboxNamespaces[sandbox],
        sandbox,
        sandbox === 'alice'
          ? `http://cart.${base}.svc.cluster.local/next`
          : undefined,
      );
    }
    for (const namespace of [base, ...Object.values(sandboxNamespaces)]) {
      await waitFor(
        async () =>
          (
            await apps.readNamespacedDeployment({ name: 'cart', namespace })
          ).status?.readyReplicas === 1,
        120_000,
        `${namespace}/cart Ready`,
      );
    }
    await secondsUntil(process.hrtime.bigint(), {}, 'base');
  });

  afterAll(() => namespaces.cleanUp());

  it('finds the base ready once Traefik accepted its route', async () => {
    await waitFor(
      async () =>
        (
          await driver.checkBase(routing('alice').base, context)
        ).ready,
      30_000,
      'the base ready',
    );
    const readiness = await driver.checkBase(routing('alice').base, context);
    expect(readiness.checks.map(c => [c.name, c.ok])).toEqual([
      ['Gateway API installed', true],
      ['Routes exist', true],
      ['Routes accepted', true],
      ['Gateways admit sandbox routes', true],
      ['Routes not opted out', true],
      ['Every workload has a Service', true],
    ]);
  });

  it('routes the keys to the forks, the rest to the base, and back after removal', async () => {
    const t0 = process.hrtime.bigint();
    const report = await driver.ensureRoutes(routing('alice'), context);
    expect(report.written).toEqual([
      `HTTPRoute ${sandboxNamespaces.alice}/berth-sbx-alice-shop`,
      `HTTPRoute ${sandboxNamespaces.alice}/berth-sbx-alice-preview-shop`,
    ]);
    expect(report.warnings).toEqual([]);
    expect(report.previewHosts).toEqual([`alice.${host}`]);
    const firstRouted = await secondsUntil(t0, { 'x-env': 'alice' }, 'alice');
    await driver.ensureRoutes(routing('bob'), context);
    await secondsUntil(t0, { 'x-env': 'bob' }, 'bob');

    const cases: Array<[Record<string, string>, string]> = [
      [{}, 'base'],
      [{ 'x-env': 'alice' }, 'alice'],
      [{ baggage: 'foo=1, berth-sandbox=alice;p=1' }, 'alice'],
      [{ baggage: 'berth-sandbox = alice' }, 'alice'],
      [{ baggage: 'berth-sandbox=alice2' }, 'base'],
      [{ baggage: 'xberth-sandbox=alice' }, 'base'],
      [{ baggage: 'foo=berth-sandbox=alice' }, 'base'],
      [{ 'x-env': 'Alice' }, 'base'],
      [{ 'x-env': 'bob' }, 'bob'],
      [{ baggage: 'berth-sandbox=bob' }, 'bob'],
    ];
    const answers = await Promise.all(
      cases.map(async ([headers]) => [headers, await reached(headers)]),
    );
    expect(answers).toEqual(cases);

    const explained = await driver.explainRoute(
      {
        base: routing('alice').base,
        service: 'cart',
        headers: { 'x-env': 'alice' },
        path: '/api/cart',
      },
      context,
    );
    expect(explained).toMatchObject({
      backend: `cart.${sandboxNamespaces.alice}.svc.cluster.local`,
      sandbox: 'alice',
    });

    const removed = process.hrtime.bigint();
    await driver.removeRoutes(routing('alice'), context);
    const backToBase = await secondsUntil(
      removed,
      { 'x-env': 'alice' },
      'base',
    );
    expect(await reached({ baggage: 'berth-sandbox=alice' })).toBe('base');
    expect(await reached({ 'x-env': 'bob' })).toBe('bob');
    for (const plural of ['httproutes', 'referencegrants']) {
      for (const namespace of [base, sandboxNamespaces.alice]) {
        const list = (await custom.listNamespacedCustomObject({
          group: 'gateway.networking.k8s.io',
          version: plural === 'httproutes' ? 'v1' : 'v1beta1',
          namespace,
          plural,
          labelSelector: 'berth.dev/sandbox=alice',
        })) as { items: unknown[] };
        expect(list.items).toEqual([]);
      }
    }
    await driver.removeRoutes(routing('bob'), context);
    await secondsUntil(process.hrtime.bigint(), { 'x-env': 'bob' }, 'base');
    // eslint-disable-next-line no-console
    console.log(
      `sandbox routing figures: ensureRoutes -> first reply from the fork ${firstRouted.toFixed(
        3,
      )} s; removeRoutes -> the key reaches the base ${backToBase.toFixed(
        3,
      )} s`,
    );
  });
  it('serves the preview host: the fork with no header, x-env set for its next hop, a 404 after removal', async () => {
    const preview = `alice.${host}`;
    const t0 = process.hrtime.bigint();
    const report = await driver.ensureRoutes(routing('alice'), context);
    expect(report.previewHosts).toEqual([preview]);
    const reply = await pollGateway(
      preview,
      r => r.status === 200 && r.sandbox === 'alice',
      `the preview host ${preview} to reach alice`,
    );
    const firstReply = Number(process.hrtime.bigint() - t0) / 1e9;
    // The gateway set the key on the request it passed to the fork...
    expect(reply.headers?.['X-Env']).toEqual(['alice']);
    // ...which forwarded it to its next hop (the base's cart).
    expect(reply.next?.status).toBe(200);
    expect(reply.next?.reply?.headers?.['X-Env']).toEqual(['alice']);
    // A key the client sent is replaced, not appended.
    const overridden = await viaGateway(gateway.port, preview, {
      'x-env': 'bob',
    });
    expect([overridden.sandbox, overridden.headers?.['X-Env']]).toEqual([
      'alice',
      ['alice'],
    ]);
    // The base host is untouched by alice's preview.
    expect(await reached({})).toBe('base');
    expect(
      await driver.explainRoute(
        {
          base: routing('alice').base,
          service: 'cart',
          headers: {},
          host: preview,
          path: '/api/cart',
        },
        context,
      ),
    ).toMatchObject({
      backend: `cart.${sandboxNamespaces.alice}.svc.cluster.local`,
      sandbox: 'alice',
      reason: expect.stringContaining('the rule sets x-env: alice'),
    });

    const removed = process.hrtime.bigint();
    await driver.removeRoutes(routing('alice'), context);
    await pollGateway(
      preview,
      r => r.status === 404,
      `the preview host ${preview} to answer 404`,
    );
    const gone = Number(process.hrtime.bigint() - removed) / 1e9;
    // eslint-disable-next-line no-console
    console.log(
      `sandbox preview host figures: ensureRoutes -> first reply from the fork on ${preview} ${firstReply.toFixed(
        3,
      )} s; removeRoutes -> 404 on the preview host ${gone.toFixed(3)} s`,
    );
  });
});
