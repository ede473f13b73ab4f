import { NotFoundError } from '@backstage/errors';
import { AppsV1Api, BatchV1Api, CoreV1Api } from '@kubernetes/client-node';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  kubeConfigFor,
  testClusters,
  testNamespaces,
} from '../__testUtils__/testClusters';
import { HelmError } from './HelmError';
import { HelmRunner } from './HelmRunner';

jest.setTimeout(180_000);

const run = promisify(execFile);
const helloChart = resolve(__dirname, '../../test-fixtures/charts/hello');
// ConfigMap, Deployment, Service and a CronJob
const chart = resolve(__dirname, '../../test-fixtures/charts/berth-hello');

describe('HelmRunner on a local cluster', () => {
  const cluster = testClusters()[0];
  const namespaces = testNamespaces(cluster, 'helm-int');
  const kubeConfig = kubeConfigFor(cluster);
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const batch = kubeConfig.makeApiClient(BatchV1Api);
  const helm = new HelmRunner(join(cluster.bin, 'helm'));
  const labels = (environment: string) => ({
    'app.kubernetes.io/managed-by': 'berth',
    'backstage.io/kubernetes-id': 'cart',
    'berth.dev/project': 'shop',
    'berth.dev/environment': environment,
    'berth.dev/service': 'cart',
  });

  afterAll(() => namespaces.cleanUp());

  it('installs the hello chart, labels it, upgrades, lists and uninstalls it', async () => {
    const namespace = await namespaces.create();
    const environment = `env-${namespace}`;
    const target = { kubeConfig, namespace };

    const started = Date.now();
    const first = await helm.upgradeInstall({
      ...target,
      release: 'cart',
      chart: helloChart,
      values: { message: 'hi', replicaCount: 2 },
      labels: labels(environment),
      wait: true,
      timeoutSeconds: 60,
    });
    const installMs = Date.now() - started;
    expect(first).toMatchObject({ revision: 1, status: 'deployed' });
    // The release manifest, as post-rendered: labelled.
    expect(first.manifest).toContain(`berth.dev/environment: ${environment}`);

    expect(await helm.list(target)).toEqual([
      expect.objectContaining({
        name: 'cart',
        namespace,
        revision: 1,
        status: 'deployed',
        chart: 'hello-0.1.0',
      }),
    ]);

    // Helm sets app.kubernetes.io/managed-by=Helm on the objects it creates,
    // over the post-renderer's label; pod templates keep Berth's.
    const helmLabels = {
      ...labels(environment),
      'app.kubernetes.io/managed-by': 'Helm',
    };
    const deployment = await apps.readNamespacedDeployment({
      name: 'cart',
      namespace,
    });
    expect(deployment.metadata?.labels).toMatchObject(helmLabels);
    expect(deployment.spec?.selector.matchLabels).toEqual({
      'app.kubernetes.io/instance': 'cart',
    });
    expect(deployment.spec?.template.metadata?.labels).toMatchObject(
      labels(environment),
    );
    expect(deployment.status?.readyReplicas).toBe(2);

    const pods = await core.listNamespacedPod({
      namespace,
      labelSelector: `berth.dev/environment=${environment},backstage.io/kubernetes-id=cart`,
    });
    expect(pods.items).toHaveLength(2);
    for (const pod of pods.items) {
      expect(pod.metadata?.labels).toMatchObject(labels(environment));
    }
    const config = await core.readNamespacedConfigMap({
      name: 'cart-config',
      namespace,
    });
    expect(config.data?.message).toBe('hi');
    expect(config.metadata?.labels).toEqual(helmLabels);

    const second = await helm.upgradeInstall({
      ...target,
      release: 'cart',
      chart: helloChart,
      values: { message: 'again', replicaCount: 3 },
      labels: labels(environment),
      wait: true,
      timeoutSeconds: 60,
    });
    expect(second.revision).toBe(2);
    await expect(
      helm.status({ ...target, release: 'cart' }),
    ).resolves.toMatchObject({
      name: 'cart',
      namespace,
      revision: 2,
      status: 'deployed',
      chart: 'hello-0.1.0',
    });
    const upgraded = await apps.readNamespacedDeployment({
      name: 'cart',
      namespace,
    });
    expect(upgraded.status?.readyReplicas).toBe(3);

    await helm.uninstall({ ...target, release: 'cart', wait: true });
    expect(await helm.list(target)).toEqual([]);
    await expect(
      apps.readNamespacedDeployment({ name: 'cart', namespace }),
    ).rejects.toMatchObject({ code: 404 });
    await expect(
      helm.uninstall({ ...target, release: 'cart' }),
    ).rejects.toThrow(NotFoundError);
    await expect(helm.status({ ...target, release: 'cart' })).rejects.toThrow(
      new NotFoundError(
        `Helm release 'cart' not found in namespace '${namespace}'`,
      ),
    );

    // eslint-disable-next-line no-console
    console.log(
      `helm upgrade --install --wait of the hello chart (2 replicas): ${installMs} ms`,
    );
  });

  it('labels Services and CronJob templates, leaving selectors alone', async () => {
    const namespace = await namespaces.create();
    const environment = `env-${namespace}`;
    await helm.upgradeInstall({
      kubeConfig,
      namespace,
      release: 'web',
      chart,
      labels: labels(environment),
    });
    const service = await core.readNamespacedService({
      name: 'web',
      namespace,
    });
    expect(service.metadata?.labels).toMatchObject({
      'berth.dev/environment': environment,
      'berth.dev/service': 'cart',
      'backstage.io/kubernetes-id': 'cart',
    });
    expect(service.spec?.selector).toEqual({
      'app.kubernetes.io/instance': 'web',
    });
    const cronJob = await batch.readNamespacedCronJob({
      name: 'web-report',
      namespace,
    });
    expect(cronJob.metadata?.labels?.['berth.dev/service']).toBe('cart');
    expect(
      cronJob.spec?.jobTemplate.spec?.template.metadata?.labels,
    ).toMatchObject(labels(environment));
  });

  it('installs a chart from an HTTP chart repository', async () => {
    const namespace = await namespaces.create();
    const repoDir = await mkdtemp(join(tmpdir(), 'berth-chart-repo-'));
    const bin = join(cluster.bin, 'helm');
    await run(bin, ['package', chart, '--destination', repoDir]);
    const server = http.createServer(async (req, res) => {
      try {
        res.end(await readFile(join(repoDir, req.url!.slice(1))));
      } catch {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await run(bin, ['repo', 'index', repoDir, '--url', url]);
      const result = await helm.upgradeInstall({
        kubeConfig,
        namespace,
        release: 'from-repo',
        chart: { repoUrl: url, name: 'berth-hello', version: '0.1.0' },
        labels: labels('repo'),
      });
      expect(result.revision).toBe(1);
      const deployment = await apps.readNamespacedDeployment({
        name: 'from-repo',
        namespace,
      });
      expect(deployment.metadata?.labels?.['berth.dev/environment']).toBe(
        'repo',
      );

      const missing = await helm
        .upgradeInstall({
          kubeConfig,
          namespace,
          release: 'missing',
          chart: { repoUrl: url, name: 'berth-hello', version: '9.9.9' },
        })
        .catch(e => e);
      expect(missing).toBeInstanceOf(HelmError);
      expect(missing.message).toMatch(
        /^helm upgrade --install failed for release 'missing' in namespace '.*': Error: .*9\.9\.9/,
      );
    } finally {
      server.close();
      await rm(repoDir, { recursive: true, force: true });
    }
  });

  it("fails with helm's error for a chart that does not exist", async () => {
    const namespace = await namespaces.create();
    const error = await helm
      .upgradeInstall({
        kubeConfig,
        namespace,
        release: 'nothing',
        chart: '/nonexistent/chart',
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(HelmError);
    expect(error.stderr).toMatch(/^Error: .*\/nonexistent\/chart/);
    expect(error.message).not.toContain(cluster.adminToken);
  });
});
