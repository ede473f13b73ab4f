import { BatchV1Api, CoreV1Api, V1PodSpec } from '@kubernetes/client-node';
import { ConfigReader } from '@backstage/config';
import { RegistryConfig } from '../../registries/RegistryConfig';
import {
  kubeConfigFor,
  testClusters,
  testNamespaces,
} from '../../__testUtils__/testClusters';
import { BuildSpec } from './buildJobInput';
import { buildkitPod } from './buildkitPod';
import { localBuilderPod } from './localBuilderPod';
import { createEnsurePushSecret } from './pushSecret';
import { buildTestConfig } from './__testUtils__/buildTestConfig';

// The build pods and push secret against a real API server of the local clusters: the push
// Secret is applied (twice) and holds the registry's credentials as a docker config; both pod
// specs, inside a Job as the runner makes it, pass the API server's validation (dry run) with
// every security field kept.
jest.setTimeout(120_000);

describe('build pods and push secrets on a local cluster', () => {
  const cluster = testClusters()[0];
  const kc = kubeConfigFor(cluster);
  const core = kc.makeApiClient(CoreV1Api);
  const batch = kc.makeApiClient(BatchV1Api);
  const namespaces = testNamespaces(cluster, 'build-int');
  let namespace: string;

  const registries = RegistryConfig.fromConfig(
    new ConfigReader({
      berth: {
        registries: [
          {
            name: 'corp',
            host: 'registry.corp.example:5000',
            username: 'builder',
            password: 'build-int-password',
          },
        ],
      },
    }),
  );

  beforeAll(async () => {
    namespace = await namespaces.create();
  });
  afterAll(() => namespaces.cleanUp());

  it('applies the push secret of a registry as a docker config, again without error', async () => {
    const ensure = createEnsurePushSecret({ kubeConfig: () => kc });
    const corp = registries.get('corp');
    await expect(ensure(cluster.name, namespace, corp)).resolves.toBe(
      'berth-push-corp',
    );
    await expect(ensure(cluster.name, namespace, corp)).resolves.toBe(
      'berth-push-corp',
    );
    const secret = await core.readNamespacedSecret({
      name: 'berth-push-corp',
      namespace,
    });
    expect(secret.type).toBe('kubernetes.io/dockerconfigjson');
    expect(secret.metadata?.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'berth',
      'berth.dev/registry': 'corp',
    });
    const config = JSON.parse(
      Buffer.from(secret.data!['.dockerconfigjson'], 'base64').toString(),
    );
    expect(config).toEqual({
      auths: {
        'registry.corp.example:5000': {
          auth: Buffer.from('builder:build-int-password').toString('base64'),
        },
      },
    });
  });

  it('refuses to apply into a namespace that does not exist, naming it', async () => {
    const ensure = createEnsurePushSecret({ kubeConfig: () => kc });
    await expect(
      ensure(cluster.name, 'build-int-missing-ns', registries.get('corp')),
    ).rejects.toThrow(
      /Could not apply the push secret 'berth-push-corp' for registry 'corp' in namespace 'build-int-missing-ns'/,
    );
  });

  const spec: BuildSpec = {
    repo: 'http://10.246.0.1:8080/shop.git',
    revision: 'main',
    image: 'registry.corp.example:5000/shop/web',
    tag: 'v1',
    context: '.',
    file: 'Dockerfile',
    builder: 'local',
    buildArgs: {},
  };

  it.each([
    ['local builder', () => localBuilderPod(spec, buildTestConfig())],
    [
      'BuildKit',
      () =>
        buildkitPod({ ...spec, builder: 'buildkit' }, buildTestConfig(), {
          pushSecret: 'berth-push-corp',
        }),
    ],
  ])(
    'the %s pod passes the API server validation in a Job, every security field kept',
    async (_, makePod: () => V1PodSpec) => {
      const pod = makePod();
      const job = await batch.createNamespacedJob({
        namespace,
        dryRun: 'All',
        body: {
          metadata: { name: 'build-dry-run' },
          spec: {
            backoffLimit: 0,
            activeDeadlineSeconds: 1800,
            template: { spec: pod },
          },
        },
      });
      const stored = job.spec!.template.spec!;
      expect(stored.automountServiceAccountToken).toBe(false);
      expect(stored.enableServiceLinks).toBe(false);
      expect(stored.nodeSelector).toEqual(pod.nodeSelector);
      expect(stored.tolerations).toEqual(pod.tolerations);
      expect(stored.securityContext ?? {}).toMatchObject(
        pod.securityContext ?? {},
      );
      const [container] = stored.containers;
      expect(container.securityContext).toEqual(
        pod.containers[0].securityContext,
      );
      expect(container.args).toEqual(pod.containers[0].args);
      expect(container.command).toEqual(pod.containers[0].command);
      expect(container.env).toEqual(pod.containers[0].env);
      expect(container.volumeMounts).toEqual(pod.containers[0].volumeMounts);
      expect((stored.volumes ?? []).map(v => v.name)).toEqual(
        (pod.volumes ?? []).map(v => v.name),
      );
    },
  );
});
