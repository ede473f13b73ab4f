import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  V1PodSpec,
} from '@kubernetes/client-node';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  kubeConfigFor,
  localEastWithRealNode,
  testNamespaces,
  waitFor,
} from '../__testUtils__/testClusters';

// CoreDNS and storage of the local clusters (scripts/local-clusters/coredns, .../storage): a pod
// on the real node resolves a Service name through CoreDNS and nothing else; a StatefulSet's
// volume claim binds to a host-path volume the real node mounts; a kwok pod's claim binds too.
jest.setTimeout(240_000);

const REAL_NODE_POD: Partial<V1PodSpec> = {
  nodeSelector: { 'berth.dev/real-node': 'true' },
  tolerations: [
    { key: 'berth.dev/real-node', operator: 'Exists', effect: 'NoSchedule' },
  ],
};

describe('CoreDNS and storage on local-east', () => {
  const {
    cluster,
    realNode: {
      images: { jobrunner },
    },
  } = localEastWithRealNode();
  const kc = kubeConfigFor(cluster);
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const batch = kc.makeApiClient(BatchV1Api);
  const namespaces = testNamespaces(cluster, 'node-extras-int');

  afterAll(() => namespaces.cleanUp());

  const boundClaim = (namespace: string, name: string) =>
    waitFor(
      async () =>
        (await core.readNamespacedPersistentVolumeClaim({ name, namespace }))
          .status?.phase === 'Bound',
      60_000,
      `${namespace}/${name} Bound`,
    );

  it('resolves a Service name from a pod on the real node through CoreDNS only', async () => {
    const namespace = await namespaces.create();
    const service = await core.createNamespacedService({
      namespace,
      body: {
        metadata: { name: 'web' },
        spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
      },
    });
    const fqdn = `web.${namespace}.svc.cluster.local`;
    await batch.createNamespacedJob({
      namespace,
      body: {
        metadata: { name: 'lookup' },
        spec: {
          backoffLimit: 0,
          template: {
            spec: {
              ...REAL_NODE_POD,
              restartPolicy: 'Never',
              containers: [
                {
                  name: 'run',
                  image: jobrunner,
                  args: [
                    `cat /etc/resolv.conf; nslookup ${fqdn}; nslookup example.com || echo "outside: no answer"`,
                  ],
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
          name: 'lookup',
          namespace,
        });
        if (job.status?.failed) throw new Error('the lookup Job failed');
        return job.status?.succeeded === 1;
      },
      120_000,
      'the lookup Job',
    );
    const [pod] = (
      await core.listNamespacedPod({
        namespace,
        labelSelector: 'batch.kubernetes.io/job-name=lookup',
      })
    ).items;
    const logs = await core.readNamespacedPodLog({
      name: pod.metadata!.name!,
      namespace,
    });
    // The pod knows one nameserver, the kube-dns Service, and the cluster's search domains.
    expect(logs.match(/^nameserver .*$/gm)).toEqual(['nameserver 10.0.0.10']);
    expect(logs).toContain(
      `search ${namespace}.svc.cluster.local svc.cluster.local cluster.local`,
    );
    // CoreDNS answered with the Service's ClusterIP.
    expect(logs).toMatch(/Server:\s+10\.0\.0\.10/);
    expect(logs).toMatch(
      new RegExp(
        `Name:\\s+${fqdn.replace(
          /\./g,
          '\\.',
        )}\\s+Address:\\s+${service.spec!.clusterIP!.replace(/\./g, '\\.')}`,
      ),
    );
    // A name outside the cluster is refused: CoreDNS forwards nowhere.
    expect(logs).toContain('REFUSED');
    expect(logs).toContain('outside: no answer');
  });

  it('binds a StatefulSet claim to a host-path volume the real node mounts', async () => {
    const namespace = await namespaces.create();
    await apps.createNamespacedStatefulSet({
      namespace,
      body: {
        metadata: { name: 'db' },
        spec: {
          serviceName: 'db',
          replicas: 1,
          selector: { matchLabels: { app: 'db' } },
          template: {
            metadata: { labels: { app: 'db' } },
            spec: {
              ...REAL_NODE_POD,
              terminationGracePeriodSeconds: 0,
              containers: [
                {
                  name: 'db',
                  image: jobrunner,
                  args: [
                    `echo "written by $POD_NAME" > /data/probe; exec sleep 3600`,
                  ],
                  env: [
                    {
                      name: 'POD_NAME',
                      valueFrom: { fieldRef: { fieldPath: 'metadata.name' } },
                    },
                  ],
                  volumeMounts: [{ name: 'data', mountPath: '/data' }],
                },
              ],
            },
          },
          volumeClaimTemplates: [
            {
              metadata: { name: 'data' },
              spec: {
                accessModes: ['ReadWriteOnce'],
                resources: { requests: { storage: '16Mi' } },
              },
            },
          ],
        },
      },
    });
    await waitFor(
      async () =>
        (
          await apps.readNamespacedStatefulSet({ name: 'db', namespace })
        ).status?.readyReplicas === 1,
      120_000,
      'the StatefulSet Ready',
    );
    const claim = await core.readNamespacedPersistentVolumeClaim({
      name: 'data-db-0',
      namespace,
    });
    expect(claim.status?.phase).toBe('Bound');
    expect(claim.spec?.storageClassName).toBe('berth-host-path');
    const pv = await core.readPersistentVolume({
      name: claim.spec!.volumeName!,
    });
    const dir = pv.spec!.hostPath!.path;
    expect(dir).toMatch(/^\/tmp\/hostpath_pv\/[0-9a-f-]+$/);
    // The container wrote into the volume: the file is in the directory on this machine.
    await waitFor(
      async () => existsSync(join(dir, 'probe')),
      30_000,
      'the probe file',
    );
    expect(readFileSync(join(dir, 'probe'), 'utf8')).toBe('written by db-0\n');

    // Reclaim policy Delete: the claim's deletion removes the volume and its directory.
    await apps.deleteNamespacedStatefulSet({ name: 'db', namespace });
    await waitFor(
      async () =>
        (await core.listNamespacedPod({ namespace })).items.length === 0,
      60_000,
      'the StatefulSet pod gone',
    );
    await core.deleteNamespacedPersistentVolumeClaim({
      name: 'data-db-0',
      namespace,
    });
    await waitFor(
      async () =>
        !(
          await core.listPersistentVolume()
        ).items.some(v => v.metadata?.name === pv.metadata!.name) &&
        !existsSync(dir),
      60_000,
      'the volume and its directory deleted',
    );
  });

  it('binds a claim for a pod on a kwok node', async () => {
    const namespace = await namespaces.create();
    await core.createNamespacedPersistentVolumeClaim({
      namespace,
      body: {
        metadata: { name: 'cache' },
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: '8Mi' } },
        },
      },
    });
    await core.createNamespacedPod({
      namespace,
      body: {
        metadata: { name: 'fake' },
        spec: {
          nodeSelector: { type: 'kwok' },
          containers: [
            {
              name: 'app',
              image: jobrunner,
              volumeMounts: [{ name: 'cache', mountPath: '/cache' }],
            },
          ],
          volumes: [
            { name: 'cache', persistentVolumeClaim: { claimName: 'cache' } },
          ],
        },
      },
    });
    await boundClaim(namespace, 'cache');
    await waitFor(
      async () => {
        const pod = await core.readNamespacedPod({ name: 'fake', namespace });
        return (
          pod.status?.conditions?.some(
            c => c.type === 'Ready' && c.status === 'True',
          ) ?? false
        );
      },
      60_000,
      'the kwok pod Ready',
    );
    const pod = await core.readNamespacedPod({ name: 'fake', namespace });
    expect(pod.spec?.nodeName).toMatch(/^kwok-node-/);
  });
});
