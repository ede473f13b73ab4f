import { mockServices } from '@backstage/backend-test-utils';
import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
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
import { echoDeployment } from '../../__testUtils__/gateway';
import { GatewayApiRoutingDriver } from './GatewayApiRoutingDriver';
import { KubeRoutingObjects } from './kube/KubeRoutingObjects';

// East-west through the real data plane: the base's frontend calls its cart through the
// gateway's in-cluster entry point (Service berth-gateway/mesh, Traefik's `mesh` entry point on
// the node IP), by an HTTPRoute of the base whose rule routes `/<base>/cart` to cart. The echo
// frontend forwards `x-env`, `baggage` and `traceparent` to its next hop, so a keyed request
// from outside reaches the base frontend (not forked) and then the sandbox's cart: the key was
// propagated and matched again at the second hop.
jest.setTimeout(300_000);

const GATEWAY = { namespace: 'berth-gateway', name: 'berth' };
const MESH_HOST = 'mesh.berth-gateway.svc.cluster.local';

interface EchoReply {
  name?: string;
  sandbox?: string;
  next?: { status?: number; error?: string; reply?: EchoReply };
}

function get(
  port: number,
  host: string,
  headers: Record<string, string>,
): Promise<{ status: number; body?: EchoReply; text?: string }> {
  return new Promise(done => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: '/',
        headers: { ...headers, host },
        timeout: 15_000,
        agent: false,
      },
      res => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', chunk => (text += chunk));
        res.on('end', () => {
          try {
            done({ status: res.statusCode ?? 0, body: JSON.parse(text) });
          } catch {
            done({ status: res.statusCode ?? 0, text: text.slice(0, 200) });
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', e => done({ status: 0, text: e.message }));
    req.end();
  });
}

describe('east-west routing by header through the gateway on local-east', () => {
  const { cluster, realNode, gateway } = localEastWithRealNode();
  if (!gateway?.mesh) {
    throw new Error(
      'local-east has no in-cluster gateway entry point: build the node binaries (./berth build node) and restart the clusters',
    );
  }
  const kc = kubeConfigFor(cluster);
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const namespaces = testNamespaces(cluster, 'sbx-east-west-int');
  const driver = new GatewayApiRoutingDriver(
    () => new KubeRoutingObjects(ObjectApi.forConfig(kc)),
  );
  const context = { logger: mockServices.logger.mock(), cluster: cluster.name };
  let base = '';
  let host = '';
  const sandboxes: Record<string, string> = {};

  const routing = (sandbox: string): BerthSandboxRouting => ({
    sandbox,
    namespace: sandboxes[sandbox],
    base: { environmentId: 'int-test', cluster: cluster.name, namespace: base },
    forks: [
      {
        service: 'cart',
        baseService: 'cart',
        target: `cart.${sandboxes[sandbox]}.svc.cluster.local`,
      },
    ],
  });

  /** `frontend@<sandbox or base> -> cart@<sandbox or base>`, or what failed. */
  async function chain(headers: Record<string, string>): Promise<string> {
    const reply = await get(gateway!.port, host, headers);
    const first = reply.body;
    if (reply.status !== 200 || !first)
      return `HTTP ${reply.status} ${reply.text}`;
    const next = first.next;
    if (!next?.reply) return `next hop: ${next?.status} ${next?.error}`;
    const at = (r: EchoReply) => `${r.name}@${r.sandbox || 'base'}`;
    return `${at(first)} -> ${at(next.reply)}`;
  }

  /** Waits until `headers` give the chain `expected`. */
  async function chainUntil(headers: Record<string, string>, expected: string) {
    let last = '';
    await waitFor(
      async () => (last = await chain(headers)) === expected,
      30_000,
      `${JSON.stringify(headers)} to give ${expected} (last: ${last})`,
    );
  }

  async function service(namespace: string, name: string) {
    await core.createNamespacedService({
      namespace,
      body: {
        metadata: { name },
        spec: {
          selector: { app: name },
          ports: [{ port: 80, targetPort: 8080 as never }],
        },
      },
    });
  }

  async function route(name: string, spec: object) {
    await custom.createNamespacedCustomObject({
      group: 'gateway.networking.k8s.io',
      version: 'v1',
      namespace: base,
      plural: 'httproutes',
      body: {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { name },
        spec: { parentRefs: [GATEWAY], ...spec },
      },
    });
  }

  beforeAll(async () => {
    base = await namespaces.create();
    host = `${base}.east-west.test`;
    const cartPath = `/${base}/cart`;
    await apps.createNamespacedDeployment({
      namespace: base,
      body: echoDeployment(
        'frontend',
        realNode.images.echo,
        'real',
        undefined,
        {
          ECHO_NEXT_HOP: `${gateway!.mesh!.url}${cartPath}`,
        },
      ),
    });
    await apps.createNamespacedDeployment({
      namespace: base,
      body: echoDeployment('cart', realNode.images.echo, 'real'),
    });
    await service(base, 'frontend');
    await service(base, 'cart');
    // North-south to the frontend; east-west (the in-cluster host) to the cart.
    await route('shop', {
      hostnames: [host],
      rules: [{ backendRefs: [{ name: 'frontend', port: 80 }] }],
    });
    await route('cart-internal', {
      hostnames: [MESH_HOST],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: cartPath } }],
          backendRefs: [{ name: 'cart', port: 80 }],
        },
      ],
    });
    for (const sandbox of ['alice', 'bob']) {
      sandboxes[sandbox] = await namespaces.create();
      await apps.createNamespacedDeployment({
        namespace: sandboxes[sandbox],
        body: echoDeployment('cart', realNode.images.echo, 'real', undefined, {
          ECHO_SANDBOX: sandbox,
        }),
      });
      await service(sandboxes[sandbox], 'cart');
    }
    for (const [namespace, name] of [
      [base, 'frontend'],
      [base, 'cart'],
      [sandboxes.alice, 'cart'],
      [sandboxes.bob, 'cart'],
    ]) {
      await waitFor(
        async () =>
          (
            await apps.readNamespacedDeployment({ name, namespace })
          ).status?.readyReplicas === 1,
        120_000,
        `${namespace}/${name} Ready`,
      );
    }
    let last = '';
    await waitFor(
      async () => (last = await chain({})) === 'frontend@base -> cart@base',
      60_000,
      `the base chain (last: ${last})`,
    );
  });

  afterAll(() => namespaces.cleanUp());

  it('re-matches the propagated key at the next hop, for each sandbox apart', async () => {
    const t0 = process.hrtime.bigint();
    const report = await driver.ensureRoutes(routing('alice'), context);
    expect(report.warnings).toEqual([]);
    expect(report.written).toContain(
      `HTTPRoute ${sandboxes.alice}/berth-sbx-alice-cart-internal`,
    );
    await driver.ensureRoutes(routing('bob'), context);
    for (const sandbox of ['alice', 'bob']) {
      await chainUntil(
        { 'x-env': sandbox },
        `frontend@base -> cart@${sandbox}`,
      );
    }
    const routed = Number(process.hrtime.bigint() - t0) / 1e9;

    const cases: Array<[Record<string, string>, string]> = [
      [{}, 'frontend@base -> cart@base'],
      [{ 'x-env': 'alice' }, 'frontend@base -> cart@alice'],
      [
        { baggage: 'foo=1, berth-sandbox=alice;p=1' },
        'frontend@base -> cart@alice',
      ],
      [{ baggage: 'berth-sandbox=alice2' }, 'frontend@base -> cart@base'],
      [{ 'x-env': 'bob' }, 'frontend@base -> cart@bob'],
      [{ baggage: 'berth-sandbox=bob' }, 'frontend@base -> cart@bob'],
    ];
    const answers = await Promise.all(
      cases.map(async ([headers]) => [headers, await chain(headers)]),
    );
    expect(answers).toEqual(cases);

    await driver.removeRoutes(routing('alice'), context);
    await chainUntil({ 'x-env': 'alice' }, 'frontend@base -> cart@base');
    expect(await chain({ 'x-env': 'bob' })).toBe('frontend@base -> cart@bob');
    await driver.removeRoutes(routing('bob'), context);
    // eslint-disable-next-line no-console
    console.log(
      `east-west routing figure: ensureRoutes (two sandboxes) -> a keyed two-hop reply from each sandbox's cart ${routed.toFixed(
        3,
      )} s`,
    );
  });
});
