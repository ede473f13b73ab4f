import { ConflictError, InputError } from '@backstage/errors';
import { CoreV1Api } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import {
  kubeConfigFor,
  testClusters,
  testNamespaces,
} from '../__testUtils__/testClusters';
import { deleteNamespace, ensureNamespace } from './namespaces';

jest.setTimeout(120_000);

describe('namespaces on a local cluster', () => {
  const cluster = testClusters()[0];
  const kc = kubeConfigFor(cluster);
  const core = kc.makeApiClient(CoreV1Api);
  const foreign = testNamespaces(cluster, 'ns-int');
  const ours: string[] = [];
  const berthName = () => {
    const name = `ns-int-berth-${randomBytes(3).toString('hex')}`;
    ours.push(name);
    return name;
  };
  const labels = (environment: string) => ({
    'berth.dev/environment': environment,
    'berth.dev/project': 'shop',
  });

  afterAll(async () => {
    await Promise.all(
      ours.map(name => core.deleteNamespace({ name }).catch(() => undefined)),
    );
    await foreign.cleanUp();
  });

  it("creates a namespace with Berth's labels, and accepts it again", async () => {
    const name = berthName();
    await expect(
      ensureNamespace(kc, name, { labels: labels('env-a') }),
    ).resolves.toEqual({ created: true });
    const ns = await core.readNamespace({ name });
    expect(ns.metadata?.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'berth',
      'berth.dev/environment': 'env-a',
      'berth.dev/project': 'shop',
    });
    await expect(
      ensureNamespace(kc, name, { labels: labels('env-a') }),
    ).resolves.toEqual({ created: false });
  });

  it('refuses a Berth namespace of another environment, even to adopt', async () => {
    const name = berthName();
    await ensureNamespace(kc, name, { labels: labels('env-a') });
    for (const adopt of [false, true]) {
      await expect(
        ensureNamespace(kc, name, { labels: labels('env-b'), adopt }),
      ).rejects.toThrow(
        new ConflictError(
          `Namespace '${name}' belongs to Berth environment 'env-a'`,
        ),
      );
    }
  });

  it('refuses a namespace that is not Berth’s unless adopting, then labels it', async () => {
    const name = await foreign.create();
    await expect(
      ensureNamespace(kc, name, { labels: labels('env-c') }),
    ).rejects.toThrow(
      new ConflictError(
        `Namespace '${name}' exists and is not managed by Berth; set adoptNamespace to take it over`,
      ),
    );
    await expect(
      ensureNamespace(kc, name, { labels: labels('env-c'), adopt: true }),
    ).resolves.toEqual({ created: false });
    const ns = await core.readNamespace({ name });
    expect(ns.metadata?.labels).toMatchObject({
      'berth.dev/test-suite': 'ns-int',
      'app.kubernetes.io/managed-by': 'berth',
      'berth.dev/environment': 'env-c',
    });
  });

  it('refuses reserved namespaces and labels without an environment', async () => {
    for (const name of [
      'kube-system',
      'kube-public',
      'kube-node-lease',
      'default',
    ]) {
      await expect(
        ensureNamespace(kc, name, { labels: labels('x'), adopt: true }),
      ).rejects.toThrow(InputError);
      await expect(deleteNamespace(kc, name)).rejects.toThrow(InputError);
    }
    await expect(
      ensureNamespace(kc, 'ns-int-nolabels', { labels: {} }),
    ).rejects.toThrow(InputError);
  });

  it('deletes a Berth namespace and waits until it is gone', async () => {
    const name = berthName();
    await ensureNamespace(kc, name, { labels: labels('env-d') });
    await core.createNamespacedConfigMap({
      namespace: name,
      body: { metadata: { name: 'c' }, data: { a: '1' } },
    });
    await expect(
      deleteNamespace(kc, name, { waitMs: 60_000 }),
    ).resolves.toEqual({ deleted: true });
    await expect(core.readNamespace({ name })).rejects.toMatchObject({
      code: 404,
    });
    await expect(deleteNamespace(kc, name)).resolves.toEqual({
      deleted: false,
    });
  });

  it('refuses to delete a namespace that is not Berth’s', async () => {
    const name = await foreign.create();
    await expect(deleteNamespace(kc, name)).rejects.toThrow(
      new ConflictError(
        `Namespace '${name}' is not managed by Berth; Berth does not delete it`,
      ),
    );
    await expect(core.readNamespace({ name })).resolves.toBeDefined();
  });
});
