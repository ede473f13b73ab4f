import { BERTH_STATUS_SIGNAL_CHANNEL } from '@berth/plugin-berth-common';
import { fakeBerthApi, FakeSignalApi } from './fixtures';

const shop = { namespace: 'default', name: 'shop' };

describe('the fake Berth API', () => {
  it('creates environments, defaulting namespace and revisions, and publishes their status', async () => {
    const signals = new FakeSignalApi();
    const received: unknown[] = [];
    signals.subscribe(BERTH_STATUS_SIGNAL_CHANNEL, m => received.push(m));
    const api = fakeBerthApi({ signals });

    const {
      items: [qa],
      operations,
    } = await api.createEnvironments(shop, [
      { name: 'qa', cluster: 'local-east', tier: 'testing' },
    ]);
    expect(qa).toMatchObject({
      id: 'env-shop-qa',
      namespace: 'shop-qa',
      services: { cart: { revision: 4 }, payments: { revision: 2 } },
    });
    // The signal names the environment only; its status is fetched.
    expect(received).toEqual([
      { environmentId: 'env-shop-qa', at: expect.any(String) },
    ]);
    expect(await api.getEnvironmentStatus('env-shop-qa')).toMatchObject({
      status: 'Deploying',
    });
    expect(operations).toEqual([
      expect.objectContaining({
        kind: 'create',
        environmentId: 'env-shop-qa',
        // As the backend answers: enqueued, claimed after the answer.
        status: 'queued',
      }),
    ]);
    expect(await api.listEnvironments(shop)).toHaveLength(3);
    expect(
      (await api.listDeployments('env-shop-qa')).map(d => d.service),
    ).toEqual(expect.arrayContaining(['cart', 'payments']));
    api.settle('env-shop-qa');
    expect((await api.getEnvironmentStatus('env-shop-qa')).status).toBe(
      'Running',
    );
  });

  it('keeps pinned revisions as the backend does: deploys use the pin, a newer revision is an explicit move', async () => {
    const api = fakeBerthApi();
    const [latest] = await api.listServiceRevisions(shop, 'cart');
    const added = await api.addServiceRevision(shop, 'cart', latest.spec);
    expect(added.revision).toBe(latest.revision + 1);
    const dev = await api.getEnvironment('env-shop-dev');
    expect(dev.services.cart.revision).toBe(3);
    expect(dev.availableRevisions).toEqual({
      cart: { pinned: 3, available: added.revision },
    });

    await api.deployEnvironment('env-shop-dev');
    api.settle('env-shop-dev');
    const deployed = await api.listDeployments('env-shop-dev', {
      service: 'cart',
    });
    expect(deployed[0].revision).toBe(3);

    const moved = await api.setServiceRevision('env-shop-dev', 'cart', {
      deploy: true,
    });
    expect(moved.services.cart.revision).toBe(added.revision);
    expect(moved.availableRevisions).toEqual({});
    expect(moved.operation).toMatchObject({ kind: 'deploy-service' });
    api.settle('env-shop-dev');
    expect(
      (await api.listDeployments('env-shop-dev', { service: 'cart' }))[0]
        .revision,
    ).toBe(added.revision);
    await expect(
      api.setServiceRevision('env-shop-dev', 'cart', { revision: 99 }),
    ).rejects.toMatchObject({ statusCode: 404 });
  });

  it('refuses what the backend refuses, with its message', async () => {
    const api = fakeBerthApi();
    await expect(
      api.createEnvironments(shop, [
        { name: 'dev', cluster: 'local-east', tier: 'development' },
      ]),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 409,
      body: {
        error: {
          message:
            "Project 'system:default/shop' already has an environment named 'dev'",
        },
      },
    });
    await expect(
      api.createEnvironments(shop, [
        { name: 'live', cluster: 'local-west', tier: 'production' },
      ]),
    ).rejects.toMatchObject({ statusCode: 400 });
    // Nothing of a refused request is kept.
    expect(await api.listEnvironments(shop)).toHaveLength(2);
    await expect(api.getEnvironment('nope')).rejects.toMatchObject({
      statusCode: 404,
    });
  });

  it('answers the release matrix and where a Component runs from the same data', async () => {
    const api = fakeBerthApi();
    const matrix = await api.getReleaseMatrix(shop);
    expect(matrix.services).toEqual(['cart', 'payments']);
    expect(matrix.cells.cart['env-shop-prod']).toEqual({
      revision: 2,
      images: ['ghcr.io/acme/cart:1.3.2'],
      status: 'Unstable',
    });
    const cart = await api.listComponentDeployments({
      namespace: 'default',
      name: 'cart',
    });
    expect(cart.map(d => d.environment)).toEqual(['dev', 'prod']);
  });

  it('deploys, scales and deletes', async () => {
    const api = fakeBerthApi();
    await api.deployService('env-shop-dev', 'cart', { revision: 4 });
    expect(
      (await api.getEnvironment('env-shop-dev')).services.cart,
    ).toMatchObject({
      revision: 4,
      values: 'replicaCount: 2\n',
    });
    await expect(
      api.deployService('env-shop-dev', 'cart', { revision: 9 }),
    ).rejects.toMatchObject({ statusCode: 404 });
    await api.scaleService('env-shop-dev', 'payments', 0);
    const status = await api.getEnvironmentStatus('env-shop-dev');
    expect(status.services.find(s => s.service === 'payments')).toMatchObject({
      replicas: 0,
      readyReplicas: 0,
    });
    // The delete waits for the deploy running on the environment.
    const { operation } = await api.deleteEnvironment('env-shop-dev');
    expect(operation).toMatchObject({ kind: 'delete', status: 'queued' });
    api.settle('env-shop-dev');
    await expect(api.listPods('env-shop-dev')).rejects.toMatchObject({
      statusCode: 404,
    });
  });

  it('fails every call when told the backend is down', async () => {
    const api = fakeBerthApi({ error: new Error('down') });
    await expect(api.listProjects()).rejects.toThrow('down');
  });
});
