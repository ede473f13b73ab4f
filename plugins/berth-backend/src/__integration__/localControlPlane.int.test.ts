import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubernetesObjectApi,
  PatchStrategy,
  RbacAuthorizationV1Api,
  V1Pod,
  Watch,
} from '@kubernetes/client-node';
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  kubeConfigFor,
  TestCluster,
  testClusters,
  testNamespaces,
  waitFor,
} from '../__testUtils__/testClusters';

// The local control plane Berth's tests and demo run on: real kube-apiserver,
// controller-manager, scheduler and etcd, with kwok playing the kubelet.
jest.setTimeout(120_000);

const run = promisify(execFile);
const helloChart = resolve(__dirname, '../../test-fixtures/charts/hello');

describe.each(testClusters().map(c => [c.name, c] as const))(
  'the local cluster %s',
  (_name, cluster: TestCluster) => {
    const namespaces = testNamespaces(cluster, 'cp-int');
    const kc = kubeConfigFor(cluster);
    const apps = kc.makeApiClient(AppsV1Api);
    const core = kc.makeApiClient(CoreV1Api);

    afterAll(() => namespaces.cleanUp());

    it('reports the Kubernetes version it was built as', async () => {
      const { stdout } = await run(join(cluster.bin, 'kubectl'), [
        '--kubeconfig',
        cluster.kubeconfig,
        'version',
        '-o',
        'json',
      ]);
      expect(JSON.parse(stdout).serverVersion.gitVersion).toMatch(
        /^v1\.36\.\d+$/,
      );
    });

    it('brings a Deployment applied server-side to all replicas Ready', async () => {
      const namespace = await namespaces.create();
      const objects = KubernetesObjectApi.makeApiClient(kc);
      await objects.patch(
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'web', namespace },
          spec: {
            replicas: 3,
            selector: { matchLabels: { app: 'web' } },
            template: {
              metadata: { labels: { app: 'web' } },
              spec: {
                containers: [
                  { name: 'web', image: 'ghcr.io/berth-demo/web:1' },
                ],
              },
            },
          },
        },
        undefined,
        undefined,
        'berth',
        true,
        PatchStrategy.ServerSideApply,
      );

      await waitFor(
        async () => {
          const d = await apps.readNamespacedDeployment({
            name: 'web',
            namespace,
          });
          return d.status?.readyReplicas === 3;
        },
        60_000,
        'three ready replicas',
      );
      const d = await apps.readNamespacedDeployment({ name: 'web', namespace });
      expect(d.metadata?.managedFields?.map(f => f.manager)).toContain('berth');
      const pods = await core.listNamespacedPod({ namespace });
      expect(pods.items).toHaveLength(3);
      expect(pods.items.every(p => p.status?.phase === 'Running')).toBe(true);
    });

    it('installs a chart with helm, lists the release and uninstalls it', async () => {
      const namespace = await namespaces.create();
      const helm = (...args: string[]) =>
        run(join(cluster.bin, 'helm'), [
          '--kubeconfig',
          cluster.kubeconfig,
          '--namespace',
          namespace,
          ...args,
        ]);

      await helm(
        'upgrade',
        '--install',
        'greeter',
        helloChart,
        '--set',
        'message=hi',
        '--wait',
        '--timeout',
        '60s',
      );
      const listed = JSON.parse((await helm('list', '-o', 'json')).stdout);
      expect(listed).toEqual([
        expect.objectContaining({
          name: 'greeter',
          status: 'deployed',
          chart: 'hello-0.1.0',
        }),
      ]);
      const config = await core.readNamespacedConfigMap({
        name: 'greeter-config',
        namespace,
      });
      expect(config.data).toMatchObject({
        message: 'hi',
        'layer-chart': 'chart',
      });

      await helm('uninstall', 'greeter', '--wait');
      expect(JSON.parse((await helm('list', '-o', 'json')).stdout)).toEqual([]);
      await expect(
        apps.readNamespacedDeployment({ name: 'greeter', namespace }),
      ).rejects.toMatchObject({ code: 404 });
    });

    it('deletes a namespace with resources and finalizes it', async () => {
      const namespace = await namespaces.create();
      await core.createNamespacedConfigMap({
        namespace,
        body: { metadata: { name: 'c' }, data: { a: '1' } },
      });
      await core.createNamespacedSecret({
        namespace,
        body: { metadata: { name: 's' }, stringData: { a: '1' } },
      });
      await apps.createNamespacedDeployment({
        namespace,
        body: {
          metadata: { name: 'd' },
          spec: {
            replicas: 1,
            selector: { matchLabels: { app: 'd' } },
            template: {
              metadata: { labels: { app: 'd' } },
              spec: { containers: [{ name: 'd', image: 'x:1' }] },
            },
          },
        },
      });

      await core.deleteNamespace({ name: namespace });
      await waitFor(
        () =>
          core.readNamespace({ name: namespace }).then(
            () => false,
            e => e.code === 404,
          ),
        90_000,
        `namespace ${namespace} to finalize`,
      );
      await expect(
        core.readNamespace({ name: namespace }),
      ).rejects.toMatchObject({ code: 404 });
    });

    it('refuses a ServiceAccount outside the namespace it is bound in (403)', async () => {
      const home = await namespaces.create();
      const elsewhere = await namespaces.create();
      const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
      await core.createNamespacedServiceAccount({
        namespace: home,
        body: { metadata: { name: 'deployer' } },
      });
      await rbac.createNamespacedRole({
        namespace: home,
        body: {
          metadata: { name: 'configmaps' },
          rules: [
            {
              apiGroups: [''],
              resources: ['configmaps'],
              verbs: ['get', 'list', 'create'],
            },
          ],
        },
      });
      await rbac.createNamespacedRoleBinding({
        namespace: home,
        body: {
          metadata: { name: 'deployer-configmaps' },
          roleRef: {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'Role',
            name: 'configmaps',
          },
          subjects: [
            { kind: 'ServiceAccount', name: 'deployer', namespace: home },
          ],
        },
      });
      const { status } = await core.createNamespacedServiceAccountToken({
        name: 'deployer',
        namespace: home,
        body: { spec: { audiences: [], expirationSeconds: 600 } },
      });
      const asDeployer = kubeConfigFor(cluster, status!.token).makeApiClient(
        CoreV1Api,
      );

      await expect(
        asDeployer.listNamespacedConfigMap({ namespace: home }),
      ).resolves.toBeDefined();
      await expect(
        asDeployer.listNamespacedConfigMap({ namespace: elsewhere }),
      ).rejects.toMatchObject({ code: 403 });
      await expect(
        asDeployer.createNamespacedConfigMap({
          namespace: elsewhere,
          body: { metadata: { name: 'x' } },
        }),
      ).rejects.toMatchObject({ code: 403 });
      await expect(asDeployer.listNamespace()).rejects.toMatchObject({
        code: 403,
      });
    });

    it('validates Istio VirtualServices and Gateway API HTTPRoutes with the upstream CRD schemas', async () => {
      const namespace = await namespaces.create();
      const custom = kc.makeApiClient(CustomObjectsApi);
      const virtualService = (spec: object) =>
        custom.createNamespacedCustomObject({
          group: 'networking.istio.io',
          version: 'v1',
          namespace,
          plural: 'virtualservices',
          body: {
            apiVersion: 'networking.istio.io/v1',
            kind: 'VirtualService',
            metadata: { name: `vs-${Date.now()}` },
            spec,
          },
        });
      const httpRoute = (spec: object) =>
        custom.createNamespacedCustomObject({
          group: 'gateway.networking.k8s.io',
          version: 'v1',
          namespace,
          plural: 'httproutes',
          body: {
            apiVersion: 'gateway.networking.k8s.io/v1',
            kind: 'HTTPRoute',
            metadata: { name: `route-${Date.now()}` },
            spec,
          },
        });

      await expect(
        virtualService({
          hosts: 'cart',
          http: [
            { route: [{ destination: { host: 'cart' }, weight: 'half' }] },
          ],
        }),
      ).rejects.toMatchObject({ code: 422 });
      await expect(
        virtualService({
          hosts: ['cart'],
          http: [
            {
              match: [{ headers: { 'x-env': { exact: 'dev-ada' } } }],
              route: [{ destination: { host: 'cart', subset: 'sandbox' } }],
            },
          ],
        }),
      ).resolves.toMatchObject({ kind: 'VirtualService' });

      await expect(
        httpRoute({
          parentRefs: [{ name: 'cart', kind: 'Service', group: '' }],
          rules: [{ backendRefs: [{ name: 'cart', port: 70000 }] }],
        }),
      ).rejects.toMatchObject({ code: 422 });
      await expect(
        httpRoute({
          parentRefs: [
            { name: 'cart', kind: 'Service', group: '', port: 8080 },
          ],
          rules: [
            {
              matches: [
                {
                  headers: [
                    {
                      name: 'baggage',
                      type: 'RegularExpression',
                      value: '.*berth-sandbox=ada.*',
                    },
                  ],
                },
              ],
              backendRefs: [{ name: 'cart-ada', port: 8080 }],
            },
          ],
        }),
      ).resolves.toMatchObject({ kind: 'HTTPRoute' });
    });

    it('lets a watch see a Pod become Ready', async () => {
      const namespace = await namespaces.create();
      const watch = new Watch(kc);
      const ready = new Promise<V1Pod>((resolvePod, reject) => {
        watch
          .watch(
            `/api/v1/namespaces/${namespace}/pods`,
            {},
            (_type, pod: V1Pod) => {
              if (
                pod.status?.conditions?.some(
                  c => c.type === 'Ready' && c.status === 'True',
                )
              ) {
                resolvePod(pod);
              }
            },
            err => err && reject(err),
          )
          .then(request => ready.finally(() => request.abort()), reject);
      });

      await core.createNamespacedPod({
        namespace,
        body: {
          metadata: { name: 'watched' },
          spec: { containers: [{ name: 'c', image: 'x:1' }] },
        },
      });

      const pod = await ready;
      expect(pod.metadata?.name).toBe('watched');
      expect(pod.spec?.nodeName).toMatch(/^kwok-node-\d$/);
    });
  },
);
