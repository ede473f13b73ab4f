import { InputError } from '@backstage/errors';
import {
  AppsV1Api,
  CoreV1Api,
  KubernetesObjectApi,
} from '@kubernetes/client-node';
import {
  kubeConfigFor,
  testClusters,
  testNamespaces,
} from '../__testUtils__/testClusters';
import { KubeObject } from './injectLabels';
import { ManifestApplier } from './ManifestApplier';

jest.setTimeout(120_000);

const deployment = (name: string, replicas = 1): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name, image: 'ghcr.io/berth-demo/web:1' }] },
    },
  },
});

const configMap = (name: string, data: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name },
  data,
});

describe('ManifestApplier on a local cluster', () => {
  const cluster = testClusters()[0];
  const namespaces = testNamespaces(cluster, 'apply-int');
  const kc = kubeConfigFor(cluster);
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const applier = new ManifestApplier(kc);
  const labels = (service: string) => ({
    'backstage.io/kubernetes-id': service,
    'berth.dev/project': 'shop',
    'berth.dev/environment': 'env-1',
    'berth.dev/service': service,
  });

  afterAll(() => namespaces.cleanUp());

  it('applies server-side as berth, labels, and prunes what was dropped', async () => {
    const namespace = await namespaces.create();
    const objects: KubeObject[] = [
      deployment('web', 2),
      configMap('web-config', { greeting: 'hi' }),
      configMap('web-extra', { a: '1' }),
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web' },
        spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
      },
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'web-report' },
        spec: {
          schedule: '0 0 1 1 *',
          suspend: true,
          jobTemplate: {
            spec: {
              template: {
                spec: {
                  restartPolicy: 'Never',
                  containers: [{ name: 'r', image: 'x:1' }],
                },
              },
            },
          },
        },
      },
    ];
    // another service's object in the same namespace is never pruned
    await applier.apply({
      namespace,
      objects: [configMap('db-config', { a: '1' })],
      labels: labels('db'),
    });

    const first = await applier.apply({
      namespace,
      objects,
      labels: labels('web'),
    });
    expect(first.pruned).toEqual([]);
    expect(first.applied.map(r => `${r.kind}/${r.name}`)).toEqual([
      'ConfigMap/web-config',
      'ConfigMap/web-extra',
      'Service/web',
      'Deployment/web',
      'CronJob/web-report',
    ]);

    const d = await apps.readNamespacedDeployment({ name: 'web', namespace });
    expect(d.metadata?.managedFields?.map(f => f.manager)).toContain('berth');
    expect(d.metadata?.labels).toEqual({
      ...labels('web'),
      'app.kubernetes.io/managed-by': 'berth',
    });
    expect(d.spec?.selector.matchLabels).toEqual({ app: 'web' });
    expect(d.spec?.template.metadata?.labels).toEqual({
      app: 'web',
      ...labels('web'),
      'app.kubernetes.io/managed-by': 'berth',
    });

    const second = await applier.apply({
      namespace,
      objects: objects.filter(o => o.metadata?.name !== 'web-extra'),
      labels: labels('web'),
    });
    expect(second.pruned).toEqual([
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'web-extra' },
    ]);
    await expect(
      core.readNamespacedConfigMap({ name: 'web-extra', namespace }),
    ).rejects.toMatchObject({ code: 404 });
    await expect(
      core.readNamespacedConfigMap({ name: 'db-config', namespace }),
    ).resolves.toBeDefined();

    const { deleted } = await applier.deleteAll({
      namespace,
      service: 'web',
      environment: 'env-1',
    });
    expect(deleted.map(r => `${r.kind}/${r.name}`).sort()).toEqual([
      'ConfigMap/web-config',
      'CronJob/web-report',
      'Deployment/web',
      'Service/web',
    ]);
    const left = await core.listNamespacedConfigMap({
      namespace,
      labelSelector: 'berth.dev/service',
    });
    expect(left.items.map(c => c.metadata?.name)).toEqual(['db-config']);
  });

  it('keeps what another field manager set on fields berth does not own', async () => {
    const namespace = await namespaces.create();
    await applier.apply({
      namespace,
      objects: [configMap('c', { a: '1' })],
      labels: labels('web'),
    });
    const objects = KubernetesObjectApi.makeApiClient(kc);
    await objects.patch(
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'c', namespace },
        data: { b: '2' },
      },
      undefined,
      undefined,
      'someone-else',
      true,
      'application/apply-patch+yaml',
    );
    await applier.apply({
      namespace,
      objects: [configMap('c', { a: '3' })],
      labels: labels('web'),
    });
    const c = await core.readNamespacedConfigMap({ name: 'c', namespace });
    expect(c.data).toEqual({ a: '3', b: '2' });
  });

  it('refuses invalid sets before applying anything', async () => {
    const namespace = await namespaces.create();
    const refuse = (objects: KubeObject[], message: string) =>
      expect(
        applier.apply({ namespace, objects, labels: labels('web') }),
      ).rejects.toThrow(new InputError(message));

    await refuse(
      [
        configMap('ok', {}),
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRole',
          metadata: { name: 'admin-ish' },
        },
      ],
      "ClusterRole 'admin-ish' is cluster-scoped; Berth applies namespaced objects only",
    );
    await refuse(
      [
        {
          apiVersion: 'example.com/v1',
          kind: 'Widget',
          metadata: { name: 'w' },
        },
      ],
      "The cluster does not serve kind 'Widget' of API version 'example.com/v1'",
    );
    await refuse(
      [{ ...configMap('x', {}), metadata: { name: 'x', namespace: 'other' } }],
      `ConfigMap 'x' names namespace 'other', but it is applied into '${namespace}'`,
    );
    await refuse(
      [configMap('x', {}), configMap('x', {})],
      "ConfigMap 'x' is given more than once",
    );
    await refuse(
      [{ kind: 'ConfigMap' }],
      'Object 1 needs apiVersion, kind and metadata.name',
    );
    const { items } = await core.listNamespacedConfigMap({
      namespace,
      labelSelector: 'berth.dev/service',
    });
    expect(items).toEqual([]);

    await expect(
      applier.apply({
        namespace,
        objects: [configMap('x', {})],
        labels: { 'berth.dev/service': 'web' },
      }),
    ).rejects.toThrow(InputError);
  });

  it('names the object the API server refused', async () => {
    const namespace = await namespaces.create();
    await expect(
      applier.apply({
        namespace,
        objects: [
          {
            ...deployment('bad'),
            spec: { replicas: 'many', selector: {}, template: {} },
          },
        ],
        labels: labels('web'),
      }),
    ).rejects.toThrow(
      new RegExp(
        `^Could not apply Deployment 'bad' in namespace '${namespace}': `,
      ),
    );
  });
});
