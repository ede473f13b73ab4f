import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  V1Deployment,
} from '@kubernetes/client-node';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  kubeConfigFor,
  localEastWithRealNode,
  testNamespaces,
  waitFor,
} from '../__testUtils__/testClusters';

// The real node of local-east (scripts/local-clusters/real-node): real containers beside the
// kwok nodes, its network safety, and a stop that leaves the machine as it found it.
jest.setTimeout(240_000);

const run = promisify(execFile);
const nodeCli = resolve(
  __dirname,
  '../../../../scripts/local-clusters/real-node/cli.mjs',
);
const REAL_NODE = { 'berth.dev/real-node': 'true' };
const TOLERATION = {
  key: 'berth.dev/real-node',
  operator: 'Exists',
  effect: 'NoSchedule',
};

const localEast = localEastWithRealNode;

const nodeCommand = (command: string) =>
  run(process.execPath, [nodeCli, command], { env: process.env });
const snapshot = async () => JSON.parse((await nodeCommand('snapshot')).stdout);

function echoDeployment(
  name: string,
  image: string,
  onRealNode: boolean,
): V1Deployment {
  return {
    metadata: { name },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: onRealNode
          ? {
              nodeSelector: REAL_NODE,
              tolerations: [TOLERATION],
              containers: [
                {
                  name: 'echo',
                  image,
                  env: [{ name: 'ECHO_NAME', value: name }],
                  ports: [{ containerPort: 8080 }],
                },
              ],
            }
          : {
              nodeSelector: { type: 'kwok' },
              containers: [{ name: 'echo', image }],
            },
      },
    },
  };
}

/** GET from the host with a deadline; resolves the JSON body or the error's name. */
async function get(url: string, timeoutMs: number) {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return { status: r.status, body: await r.json() };
  } catch (e) {
    return { error: (e as Error).name };
  }
}

describe('the real node of local-east', () => {
  const { cluster, realNode } = localEast();
  const kc = kubeConfigFor(cluster);
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const batch = kc.makeApiClient(BatchV1Api);
  const namespaces = testNamespaces(cluster, 'real-node-int');

  afterAll(() => namespaces.cleanUp());

  const readyDeployment = (namespace: string, name: string) =>
    waitFor(
      async () =>
        (await apps.readNamespacedDeployment({ name, namespace })).status
          ?.readyReplicas === 1,
      120_000,
      `${namespace}/${name} Ready`,
    );
  const serviceFor = async (namespace: string, name: string) =>
    (
      await core.createNamespacedService({
        namespace,
        body: {
          metadata: { name },
          spec: {
            selector: { app: name },
            ports: [{ port: 80, targetPort: 8080 }],
          },
        },
      })
    ).spec!.clusterIP!;

  it('runs an echo Deployment that answers over its ClusterIP from the host', async () => {
    const namespace = await namespaces.create();
    await apps.createNamespacedDeployment({
      namespace,
      body: echoDeployment('web', realNode.images.echo, true),
    });
    await readyDeployment(namespace, 'web');
    const pods = await core.listNamespacedPod({
      namespace,
      labelSelector: 'app=web',
    });
    expect(pods.items).toHaveLength(1);
    expect(pods.items[0].spec?.nodeName).toBe(realNode.node);
    expect(pods.items[0].status?.podIP).toMatch(/^10\.246\.0\.\d+$/);

    const clusterIP = await serviceFor(namespace, 'web');
    // kube-proxy programs the Service within a second or two; poll until it answers.
    let reply: { status?: number; body?: any } = {};
    await waitFor(
      async () => {
        reply = await get(`http://${clusterIP}/hello`, 2000);
        return reply.status === 200;
      },
      30_000,
      `an answer from ${clusterIP}`,
    );
    expect(reply.body).toMatchObject({
      name: 'web',
      pod: pods.items[0].metadata!.name,
      method: 'GET',
      path: '/hello',
    });
  });

  it('runs a Job to completion and its output is in the logs', async () => {
    const namespace = await namespaces.create();
    await batch.createNamespacedJob({
      namespace,
      body: {
        metadata: { name: 'script' },
        spec: {
          backoffLimit: 0,
          template: {
            spec: {
              restartPolicy: 'Never',
              nodeSelector: REAL_NODE,
              tolerations: [TOLERATION],
              containers: [
                {
                  name: 'run',
                  image: realNode.images.jobrunner,
                  args: ['echo "sum is $((20 + 22))"; ls /bin/sh'],
                },
              ],
            },
          },
        },
      },
    });
    await waitFor(
      async () => {
        const job = await batch.readNamespacedJob({
          name: 'script',
          namespace,
        });
        if (job.status?.failed) throw new Error('the Job failed');
        return job.status?.succeeded === 1;
      },
      120_000,
      'the Job to complete',
    );
    const pods = await core.listNamespacedPod({
      namespace,
      labelSelector: 'batch.kubernetes.io/job-name=script',
    });
    const pod = pods.items[0];
    const logs = await core.readNamespacedPodLog({
      name: pod.metadata!.name!,
      namespace,
    });
    expect(logs).toContain('sum is 42');
    expect(logs).toContain('/bin/sh');
    // The job runner's termination message: its summary as JSON.
    expect(
      JSON.parse(
        pod.status?.containerStatuses?.[0].state?.terminated?.message ?? '{}',
      ),
    ).toMatchObject({ exitCode: 0 });
  });

  it('drops traffic to a Service whose endpoints are kwok pods (network safety)', async () => {
    const namespace = await namespaces.create();
    await apps.createNamespacedDeployment({
      namespace,
      body: echoDeployment('fake', realNode.images.echo, false),
    });
    await readyDeployment(namespace, 'fake');
    const pods = await core.listNamespacedPod({
      namespace,
      labelSelector: 'app=fake',
    });
    expect(pods.items[0].spec?.nodeName).toMatch(/^kwok-node-/);
    expect(pods.items[0].status?.podIP).toMatch(/^10\.244\./);
    const clusterIP = await serviceFor(namespace, 'fake');
    // Wait until kube-proxy has the Service in its nftables table, so the drop is the network
    // safety's and not a Service kube-proxy does not know yet.
    await waitFor(
      async () => {
        const { stdout } = await run('nft', [
          'list',
          'table',
          'ip',
          'kube-proxy',
        ]);
        return stdout.includes(pods.items[0].status!.podIP!);
      },
      30_000,
      'kube-proxy to program the Service',
    );
    expect(await get(`http://${clusterIP}/`, 3000)).toEqual({
      error: 'TimeoutError',
    });
  });

  it('leaves the machine as it found it after stop', async () => {
    await nodeCommand('stop');
    try {
      const before = await snapshot();
      expect(before.links).not.toContain('berth0');
      expect(before.cgroups).toEqual([]);

      await nodeCommand('start');
      // A new start has a new registry port, so the image references change.
      const { images } = localEast().realNode;
      const namespace = await namespaces.create();
      await apps.createNamespacedDeployment({
        namespace,
        body: echoDeployment('web', images.echo, true),
      });
      await readyDeployment(namespace, 'web');
      const running = await snapshot();
      expect(running.links).toContain('berth0');
      expect(
        running.links.some((l: string) => l.endsWith('master berth0')),
      ).toBe(true);
      expect(running.cgroups.length).toBeGreaterThan(0);
      expect(running.nft).toContain('table inet berth_node');
      expect(running.processes.length).toBeGreaterThanOrEqual(4);

      await nodeCommand('stop');
      const after = await snapshot();
      expect(after).toEqual(before);
    } finally {
      // Leave the node running for the rest of the suite.
      await nodeCommand('start').catch(() => undefined);
    }
  });
});
