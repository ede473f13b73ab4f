import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A local cluster started by the integration suite's Jest global setup. */
export interface TestCluster {
  name: string;
  url: string;
  caData: string;
  adminToken: string;
  /** Folder of the control plane's binaries: kubectl, helm, ... */
  bin: string;
  /** Kubeconfig file with an admin token context named like the cluster. */
  kubeconfig: string;
}

/**
 * The clusters of this test run. Fails with a clear message when the suite was
 * not started through `./berth test` (whose Jest global setup starts them).
 */
export function testClusters(): TestCluster[] {
  const names = process.env.BERTH_TEST_CLUSTERS;
  const kubeconfig = process.env.BERTH_TEST_KUBECONFIG;
  if (!names || !kubeconfig) {
    throw new Error(
      "No test clusters: run integration suites through './berth test --only integration' (or set BERTH_INTEGRATION=1 for Jest's global setup)",
    );
  }
  const dir = join(kubeconfig, '..');
  return names
    .split(/\s+/)
    .filter(Boolean)
    .map(name => {
      const state = JSON.parse(
        readFileSync(join(dir, name, 'cluster.json'), 'utf8'),
      );
      return {
        name,
        url: state.url,
        caData: state.caData,
        adminToken: state.adminToken,
        bin: join(state.controlPlane, 'bin'),
        kubeconfig: state.kubeconfig,
      };
    });
}

/** A KubeConfig for a cluster with the given bearer token (admin by default). */
export function kubeConfigFor(
  cluster: TestCluster,
  token = cluster.adminToken,
): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      { name: cluster.name, server: cluster.url, caData: cluster.caData },
    ],
    users: [{ name: 'user', token }],
    contexts: [{ name: 'ctx', cluster: cluster.name, user: 'user' }],
    currentContext: 'ctx',
  });
  return kc;
}

/**
 * Namespaces private to one test file: `create()` makes one with a random
 * suffix; `cleanUp()` (call it in afterAll) deletes them all and waits until
 * they are gone.
 */
export function testNamespaces(cluster: TestCluster, prefix: string) {
  const core = kubeConfigFor(cluster).makeApiClient(CoreV1Api);
  const created: string[] = [];
  return {
    async create(): Promise<string> {
      const name = `${prefix}-${randomBytes(3).toString('hex')}`;
      await core.createNamespace({
        body: {
          metadata: { name, labels: { 'berth.dev/test-suite': prefix } },
        },
      });
      created.push(name);
      return name;
    },
    async cleanUp(): Promise<void> {
      await Promise.all(
        created.map(name =>
          core.deleteNamespace({ name }).catch(() => undefined),
        ),
      );
      await waitFor(async () => {
        const { items } = await core.listNamespace({
          labelSelector: `berth.dev/test-suite=${prefix}`,
        });
        return items.every(ns => !created.includes(ns.metadata!.name!));
      }, 60_000);
    },
  };
}

/** Polls `check` until it returns true, or fails after `timeoutMs`. */
export async function waitFor(
  check: () => Promise<boolean>,
  timeoutMs: number,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

/** What local-east's cluster.json says of its real node and gateway. */
export interface RealNodeCluster {
  cluster: TestCluster;
  realNode: {
    node: string;
    /** The node registry, `10.246.0.1:<port>`: the host and pods reach it. */
    registry: string;
    images: Record<'echo' | 'pause' | 'jobrunner' | 'builder', string>;
  };
  gateway?: {
    port: number;
    /** The in-cluster entry point: pods reach the gateway at `url` (Service berth-gateway/mesh). */
    mesh?: { port: number; url: string };
    /** Traefik's JSON access log (with the X-Env and Baggage request headers). */
    accessLog?: string;
  };
}

/**
 * local-east with its real node, read from its cluster.json; fails with how to
 * get one when it has none.
 */
export function localEastWithRealNode(): RealNodeCluster {
  const cluster = testClusters().find(c => c.name === 'local-east');
  if (!cluster) throw new Error('local-east is not among the test clusters');
  const state = JSON.parse(
    readFileSync(join(cluster.kubeconfig, '..', 'cluster.json'), 'utf8'),
  );
  if (!state.realNode) {
    throw new Error(
      'local-east has no real node: build its binaries (./berth build node) and run as root',
    );
  }
  return { cluster, realNode: state.realNode, gateway: state.gateway };
}
