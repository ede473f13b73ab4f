import { ConflictError, NotFoundError } from '@backstage/errors';
import { CoreV1Api } from '@kubernetes/client-node';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  kubeConfigFor,
  testClusters,
  testNamespaces,
  waitFor,
} from '../__testUtils__/testClusters';
import { HelmError } from './HelmError';
import { HelmRunner } from './HelmRunner';
import { writeKubeconfigFile } from './writeKubeconfigFile';

// Releases really left pending by a helm that died (SIGKILL) while waiting
// for workloads that never become ready (a ResourceQuota forbids their
// pods), and repaired so that the next deploy works.
jest.setTimeout(240_000);

const chart = resolve(__dirname, '../../test-fixtures/charts/hello');

describe('HelmRunner.repairPending on a local cluster', () => {
  const cluster = testClusters()[0];
  const namespaces = testNamespaces(cluster, 'helm-repair');
  const kubeConfig = kubeConfigFor(cluster);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const helmBinary = join(cluster.bin, 'helm');
  const helm = new HelmRunner(helmBinary);

  afterAll(() => namespaces.cleanUp());

  /** At most `pods` pods in the namespace, once the quota controller counts them. */
  async function limitPods(namespace: string, pods: number) {
    await core.createNamespacedResourceQuota({
      namespace,
      body: { metadata: { name: 'pods' }, spec: { hard: { pods: `${pods}` } } },
    });
    await waitFor(
      async () => {
        const quota = await core.readNamespacedResourceQuota({
          name: 'pods',
          namespace,
        });
        return quota.status?.hard?.pods === `${pods}` && !!quota.status.used;
      },
      30_000,
      'the pod quota to be counted',
    );
  }

  async function liftPodLimit(namespace: string) {
    await core.deleteNamespacedResourceQuota({ name: 'pods', namespace });
  }

  async function message(namespace: string) {
    const config = await core.readNamespacedConfigMap({
      name: 'cart-config',
      namespace,
    });
    return config.data?.message;
  }

  /**
   * Runs `helm upgrade --install --wait` of the hello chart in a child of
   * its own and kills it with SIGKILL as soon as the release's latest
   * revision is `status`: Helm has no chance to record an outcome.
   */
  async function killHelmWhile(
    namespace: string,
    values: { message: string },
    status: 'pending-install' | 'pending-upgrade',
  ) {
    const dir = await mkdtemp(join(tmpdir(), 'helm-kill-'));
    try {
      const kubeconfig = await writeKubeconfigFile(kubeConfig, dir);
      const child = spawn(
        helmBinary,
        [
          'upgrade',
          '--install',
          '--kubeconfig',
          kubeconfig,
          '--namespace',
          namespace,
          '--set',
          `message=${values.message}`,
          '--set',
          'replicaCount=1',
          '--wait',
          '--timeout',
          '300s',
          '--',
          'cart',
          chart,
        ],
        {
          env: {
            PATH: process.env.PATH ?? '',
            HOME: dir,
            HELM_CACHE_HOME: join(dir, 'cache'),
            HELM_CONFIG_HOME: join(dir, 'config'),
            HELM_DATA_HOME: join(dir, 'data'),
          },
          stdio: 'ignore',
        },
      );
      const exited = new Promise<NodeJS.Signals | null>(done =>
        child.on('exit', (_code, signal) => done(signal)),
      );
      await waitFor(
        async () =>
          (await helm.status({ kubeConfig, namespace, release: 'cart' }).then(
            r => r.status,
            () => undefined,
          )) === status,
        60_000,
        `release cart to be ${status}`,
      );
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  it('rolls a release left pending-upgrade back to its deployed revision; the next upgrade works', async () => {
    const namespace = await namespaces.create();
    const target = { kubeConfig, namespace, release: 'cart' };
    await helm.upgradeInstall({
      ...target,
      chart,
      values: { message: 'one', replicaCount: 1 },
      wait: true,
      timeoutSeconds: 60,
    });
    await limitPods(namespace, 1);
    await killHelmWhile(namespace, { message: 'two' }, 'pending-upgrade');

    expect(
      (await helm.history(target)).map(r => [r.revision, r.status]),
    ).toEqual([
      [1, 'deployed'],
      [2, 'pending-upgrade'],
    ]);
    // What a crash leaves: Helm refuses every later change.
    await expect(
      helm.upgradeInstall({ ...target, chart, values: { message: 'x' } }),
    ).rejects.toThrow(ConflictError);

    expect(await helm.repairPending(target)).toEqual({
      action: 'rolled-back',
      fromRevision: 2,
      fromStatus: 'pending-upgrade',
      toRevision: 1,
    });
    await expect(helm.status(target)).resolves.toMatchObject({
      revision: 3,
      status: 'deployed',
      description: 'Rollback to 1',
    });
    expect(await message(namespace)).toBe('one');
    expect(await helm.repairPending(target)).toEqual({
      action: 'none',
      fromRevision: 3,
      fromStatus: 'deployed',
    });

    await liftPodLimit(namespace);
    const next = await helm.upgradeInstall({
      ...target,
      chart,
      values: { message: 'three', replicaCount: 1 },
      wait: true,
      timeoutSeconds: 60,
    });
    expect(next).toMatchObject({ revision: 4, status: 'deployed' });
    expect(await message(namespace)).toBe('three');
  });

  it('uninstalls a release left pending-install; installing it again works', async () => {
    const namespace = await namespaces.create();
    const target = { kubeConfig, namespace, release: 'cart' };
    await limitPods(namespace, 0);
    await killHelmWhile(namespace, { message: 'first' }, 'pending-install');
    expect(
      (await helm.history(target)).map(r => [r.revision, r.status]),
    ).toEqual([[1, 'pending-install']]);

    expect(await helm.repairPending(target)).toEqual({
      action: 'uninstalled',
      fromRevision: 1,
      fromStatus: 'pending-install',
    });
    expect(await helm.list(target)).toEqual([]);
    await expect(helm.history(target)).rejects.toThrow(NotFoundError);
    expect(await helm.repairPending(target)).toEqual({ action: 'none' });

    await liftPodLimit(namespace);
    const installed = await helm.upgradeInstall({
      ...target,
      chart,
      values: { message: 'again', replicaCount: 1 },
      wait: true,
      timeoutSeconds: 60,
    });
    expect(installed).toMatchObject({ revision: 1, status: 'deployed' });
    expect(await message(namespace)).toBe('again');
  });

  it('stops a waiting helm upgrade through its AbortSignal; Helm records it failed, and the next upgrade works', async () => {
    const namespace = await namespaces.create();
    const target = { kubeConfig, namespace, release: 'cart' };
    await helm.upgradeInstall({
      ...target,
      chart,
      values: { message: 'one', replicaCount: 1 },
      wait: true,
      timeoutSeconds: 60,
    });
    await limitPods(namespace, 1);
    const controller = new AbortController();
    const upgrade = helm
      .upgradeInstall({
        ...target,
        chart,
        values: { message: 'two', replicaCount: 1 },
        wait: true,
        timeoutSeconds: 300,
        signal: controller.signal,
      })
      .catch(e => e);
    await waitFor(
      async () =>
        (await helm.status(target).then(r => r.status)) === 'pending-upgrade',
      60_000,
      'the upgrade to be pending',
    );
    controller.abort(new Error('the backend is shutting down'));
    const error = await upgrade;
    expect(error).toBeInstanceOf(HelmError);
    expect(error.message).toMatch(
      new RegExp(
        `^helm upgrade --install for release 'cart' in namespace '${namespace}' was aborted \\(the backend is shutting down\\) and stopped`,
      ),
    );
    // On SIGTERM Helm records the outcome itself: nothing is left pending.
    await expect(helm.status(target)).resolves.toMatchObject({
      revision: 2,
      status: 'failed',
    });
    expect(await helm.repairPending(target)).toEqual({
      action: 'none',
      fromRevision: 2,
      fromStatus: 'failed',
    });

    await liftPodLimit(namespace);
    await expect(
      helm.upgradeInstall({
        ...target,
        chart,
        values: { message: 'three', replicaCount: 1 },
        wait: true,
        timeoutSeconds: 60,
      }),
    ).resolves.toMatchObject({ revision: 3, status: 'deployed' });
    expect(await message(namespace)).toBe('three');
  });
});
