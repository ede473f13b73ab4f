import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
} from '@kubernetes/client-node';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  echoDeployment,
  GATEWAY_GROUP as GROUP,
  GATEWAY_VERSION as VERSION,
  gatewayOf,
  processUsage,
} from '../__testUtils__/gateway';
import {
  kubeConfigFor,
  localEastWithRealNode,
  testNamespaces,
  waitFor,
} from '../__testUtils__/testClusters';

// What watching only the namespaces with real pods saves: a kwok-only namespace with 300
// Deployments and (headless) Services is created while two Traefiks run against local-east: the cluster's
// (watchPodsOnNode) and a second one with upstream behaviour (every namespace), which serves a
// Gateway of its own (GatewayClass `berth-bench`, picked by its labelSelector) so that it reloads
// as a data plane would. Prints both Traefiks' CPU seconds and RSS; asserts that the cluster's
// Traefik never opened the kwok namespace and that the second one worked. Run it alone for clean
// figures: other tests' namespaces with real pods make the cluster's Traefik work too.
// Run with bench/gateway/run.sh.
jest.setTimeout(600_000);

const COUNT = 300;
const BENCH_CLASS = 'berth-bench';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise(resolve => server.close(resolve));
  return port;
}

/** Runs `work` with at most `limit` at a time. */
async function pool<T>(
  items: T[],
  limit: number,
  work: (t: T) => Promise<unknown>,
) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: limit }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift())
        await work(item);
    }),
  );
}

describe("the cost of Traefik's watches during a 300-Deployment kwok namespace", () => {
  const { cluster, realNode } = localEastWithRealNode();
  const gateway = gatewayOf(cluster);
  const kc = kubeConfigFor(cluster);
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const namespaces = testNamespaces(cluster, 'gateway-cost');
  const exe = JSON.parse(
    readFileSync(join(cluster.kubeconfig, '..', 'cluster.json'), 'utf8'),
  ).gateway.exe as string;
  let bench: ChildProcess | undefined;
  let benchLog = '';

  afterAll(async () => {
    bench?.kill('SIGTERM');
    await custom
      .deleteClusterCustomObject({
        group: GROUP,
        version: VERSION,
        plural: 'gatewayclasses',
        name: BENCH_CLASS,
      })
      .catch(() => undefined);
    await namespaces.cleanUp();
  });

  it('costs the patched Traefik nothing, an every-namespace Traefik some CPU', async () => {
    // The second Traefik, its GatewayClass and its Gateway.
    const gatewayNamespace = await namespaces.create();
    const [webPort, pingPort] = [await freePort(), await freePort()];
    await custom.createClusterCustomObject({
      group: GROUP,
      version: VERSION,
      plural: 'gatewayclasses',
      body: {
        apiVersion: `${GROUP}/${VERSION}`,
        kind: 'GatewayClass',
        metadata: { name: BENCH_CLASS, labels: { 'berth.dev/bench': 'true' } },
        spec: { controllerName: 'traefik.io/gateway-controller' },
      },
    });
    await custom.createNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace: gatewayNamespace,
      plural: 'gateways',
      body: {
        apiVersion: `${GROUP}/${VERSION}`,
        kind: 'Gateway',
        metadata: { name: 'bench', namespace: gatewayNamespace },
        spec: {
          gatewayClassName: BENCH_CLASS,
          listeners: [
            {
              name: 'web',
              protocol: 'HTTP',
              port: webPort,
              allowedRoutes: { namespaces: { from: 'All' } },
            },
          ],
        },
      },
    });
    benchLog = join(
      mkdtempSync(join(tmpdir(), 'traefik-bench-')),
      'traefik.log',
    );
    const out = openSync(benchLog, 'a');
    bench = spawn(
      exe,
      [
        `--entryPoints.web.address=127.0.0.1:${webPort}`,
        `--entryPoints.traefik.address=127.0.0.1:${pingPort}`,
        '--ping',
        '--ping.entryPoint=traefik',
        '--providers.kubernetesGateway',
        '--providers.kubernetesGateway.statusAddress.ip=127.0.0.1',
        '--providers.kubernetesGateway.labelSelector=berth.dev/bench=true',
        '--providers.providersThrottleDuration=100ms',
        '--global.checkNewVersion=false',
        '--global.sendAnonymousUsage=false',
        '--log.level=INFO',
      ],
      {
        env: { ...process.env, KUBECONFIG: cluster.kubeconfig },
        stdio: ['ignore', out, out],
      },
    );
    await waitFor(
      async () => {
        const gw = (await custom.getNamespacedCustomObject({
          group: GROUP,
          version: VERSION,
          namespace: gatewayNamespace,
          plural: 'gateways',
          name: 'bench',
        })) as any;
        return gw.status?.conditions?.some(
          (c: any) => c.type === 'Programmed' && c.status === 'True',
        );
      },
      60_000,
      'the second Traefik Programmed its Gateway',
    );
    await new Promise(resolve => setTimeout(resolve, 3000)); // both idle
    const idle = {
      patched: processUsage(gateway.pid),
      upstream: processUsage(bench.pid!),
    };

    // The kwok-only namespace: 300 Deployments + Services, until every pod is Ready.
    const kwok = await namespaces.create();
    const t0 = process.hrtime.bigint();
    await pool(
      Array.from({ length: COUNT }, (_, i) => `svc-${i}`),
      16,
      async name => {
        await apps.createNamespacedDeployment({
          namespace: kwok,
          body: echoDeployment(name, realNode.images.echo, 'kwok'),
        });
        await core.createNamespacedService({
          namespace: kwok,
          body: {
            metadata: { name },
            // Headless: the Service range (a /24) has too few addresses for 300.
            spec: {
              clusterIP: 'None',
              selector: { app: name },
              ports: [{ port: 80, targetPort: 8080 as any }],
            },
          },
        });
      },
    );
    await waitFor(
      async () =>
        (
          await apps.listNamespacedDeployment({ namespace: kwok })
        ).items.filter(d => d.status?.readyReplicas === 1).length === COUNT,
      300_000,
      `${COUNT} Deployments Ready`,
    );
    const readyS = Number(process.hrtime.bigint() - t0) / 1e9;
    await new Promise(resolve => setTimeout(resolve, 3000)); // the last reloads
    const after = {
      patched: processUsage(gateway.pid),
      upstream: processUsage(bench.pid!),
    };
    const cpu = {
      patched: after.patched.cpuS - idle.patched.cpuS,
      upstream: after.upstream.cpuS - idle.upstream.cpuS,
    };

    expect(readFileSync(gateway.logFile, 'utf8')).not.toContain(`"${kwok}"`);
    // The every-namespace Traefik did work (decoding the Services and EndpointSlices, reloading).
    expect(cpu.upstream).toBeGreaterThan(0);
    const figures = [
      `Traefik watch cost: ${COUNT} kwok Deployments + Services created and Ready in ${readyS.toFixed(
        1,
      )} s`,
      `  CPU during it: watchPodsOnNode ${cpu.patched.toFixed(
        2,
      )} s, every namespace ${cpu.upstream.toFixed(2)} s (ratio ${
        cpu.patched > 0
          ? (cpu.upstream / cpu.patched).toFixed(1)
          : `>${(cpu.upstream / 0.01).toFixed(0)}`
      })`,
      `  RSS idle: watchPodsOnNode ${idle.patched.rssMiB.toFixed(
        0,
      )} MiB, every namespace ${idle.upstream.rssMiB.toFixed(0)} MiB`,
      `  RSS after: watchPodsOnNode ${after.patched.rssMiB.toFixed(
        0,
      )} MiB, every namespace ${after.upstream.rssMiB.toFixed(0)} MiB`,
    ].join('\n');
    // eslint-disable-next-line no-console
    console.log(figures);
    if (process.env.BENCH_OUT) {
      writeFileSync(join(process.env.BENCH_OUT, 'gateway.txt'), `${figures}\n`);
    }
  });
});
