import {
  BERTH_OPERATION_SIGNAL_CHANNEL,
  OperationSignal,
} from '@berth/plugin-berth-common';
import { fakeBerthApi, FakeSignalApi } from '../fixtures';

const dev = 'env-shop-dev';

// The fake's operations follow the contract (contract-operations.md): one
// operation per environment at a time, the others queued behind it, 409 on
// conflicts, cancel, and a signal for every change.
describe('the fake Berth API: operations', () => {
  it('runs one operation per environment and queues the next behind it', async () => {
    const signals = new FakeSignalApi();
    const received: OperationSignal[] = [];
    signals.subscribe(BERTH_OPERATION_SIGNAL_CHANNEL, m =>
      received.push(m as unknown as OperationSignal),
    );
    const api = fakeBerthApi({ signals });

    const { operation: first } = await api.deployEnvironment(dev);
    expect(first).toMatchObject({
      kind: 'deploy',
      environmentId: dev,
      projectRef: 'system:default/shop',
      // As the backend answers: enqueued (no steps planned yet); the engine
      // claims it after answering.
      status: 'queued',
      actor: 'user:default/guest',
      progress: { done: 0, total: 0 },
    });
    expect(first.steps).toBeUndefined();
    const { operation: second } = await api.deployService(dev, 'cart', {});
    expect(second).toMatchObject({
      kind: 'deploy-service',
      status: 'queued',
      queuedBehind: first.id,
    });

    // A deploy's steps: a group per start-order group, a service under it.
    const detail = await api.getOperation(dev, first.id);
    expect(detail.steps!.map(s => [s.key, s.parent, s.status])).toEqual([
      ['group:1', undefined, 'running'],
      ['service:payments', 'group:1', 'running'],
      ['group:2', undefined, 'pending'],
      ['service:cart', 'group:2', 'pending'],
    ]);

    api.operations.setStep(first.id, 'service:payments', 'succeeded');
    // Progress counts the leaf steps (the services), as the backend does.
    expect((await api.getOperation(dev, first.id)).progress).toEqual({
      done: 1,
      total: 2,
    });

    api.operations.finish(first.id);
    expect(await api.listEnvironmentOperations(dev)).toEqual([
      expect.objectContaining({ id: second.id, status: 'running' }),
      expect.objectContaining({ id: first.id, status: 'succeeded' }),
    ]);
    expect(
      await api.listEnvironmentOperations(dev, { status: 'running' }),
    ).toEqual([expect.objectContaining({ id: second.id })]);
    // One signal per change, naming only the operation and its environment
    // (as the backend's): clients fetch the rest through the API.
    expect(received.map(s => s.operationId)).toEqual([
      first.id,
      second.id,
      first.id,
      first.id,
      second.id,
    ]);
    for (const signal of received) {
      expect(Object.keys(signal).sort()).toEqual([
        'at',
        'environmentId',
        'operationId',
      ]);
      expect(signal.environmentId).toBe(dev);
    }
  });

  it('refuses what conflicts with a 409 naming the blocking operation', async () => {
    const api = fakeBerthApi();
    const { operation: deploy } = await api.deployEnvironment(dev);
    const { operation: remove } = await api.deleteEnvironment(dev);
    expect(remove).toMatchObject({ status: 'queued', queuedBehind: deploy.id });
    for (const request of [
      () => api.deployEnvironment(dev),
      () => api.sleepEnvironment(dev),
    ]) {
      const refused = await request().catch(e => e);
      expect(refused).toMatchObject({ name: 'ResponseError', statusCode: 409 });
      expect(refused.body.error.message).toContain(remove.id);
    }
    // Nothing of a refused request is kept.
    expect(await api.listEnvironmentOperations(dev)).toHaveLength(2);
  });

  it('cancels: a queued operation at once, a running one after its step', async () => {
    const api = fakeBerthApi();
    const { operation: running } = await api.deployEnvironment(dev);
    const { operation: queued } = await api.deployService(dev, 'cart', {});

    expect(await api.cancelOperation(dev, queued.id)).toMatchObject({
      status: 'cancelled',
      cancelRequested: true,
      cancelledBy: 'user:default/guest',
    });
    expect(await api.cancelOperation(dev, running.id)).toMatchObject({
      status: 'running',
      cancelRequested: true,
    });
    api.operations.finish(running.id);
    expect(await api.getOperation(dev, running.id)).toMatchObject({
      status: 'cancelled',
    });
    // The cancelled one does not start.
    expect(
      await api.listEnvironmentOperations(dev, { status: 'running' }),
    ).toEqual([]);

    await expect(api.cancelOperation(dev, running.id)).rejects.toMatchObject({
      statusCode: 409,
    });
    await expect(
      api.cancelOperation('env-shop-prod', running.id),
    ).rejects.toMatchObject({ statusCode: 404 });
    await expect(
      api.getOperation('env-shop-prod', running.id),
    ).rejects.toMatchObject({ statusCode: 404 });
  });

  it('refuses a cancel to those who may not deploy', async () => {
    const api = fakeBerthApi({ denied: ['berth.environment.deploy'] });
    const { operation } = await api.deployEnvironment(dev);
    await expect(api.cancelOperation(dev, operation.id)).rejects.toMatchObject({
      statusCode: 403,
    });
  });

  it('answers each action that starts work with its operation', async () => {
    const api = fakeBerthApi();
    const sleep = await api.sleepEnvironment(dev);
    expect(sleep).toMatchObject({
      sleeping: true,
      operation: { kind: 'sleep', status: 'queued' },
    });
    const wake = await api.wakeEnvironment(dev);
    expect(wake).toMatchObject({
      state: 'waking',
      operation: { kind: 'wake', status: 'queued' },
    });
    api.settle(dev);
    const values = await api.setEnvironmentValues(dev, 'logLevel: info\n', {
      redeploy: true,
    });
    expect(values.operation).toMatchObject({ kind: 'redeploy-values' });
    api.settle(dev);
    const copy = await api.copyEnvironment(dev, { name: 'qa' });
    expect(copy.operation).toMatchObject({
      kind: 'copy',
      environmentId: copy.environment.id,
    });
    expect(
      (await api.listProjectOperations({ namespace: 'default', name: 'shop' }))
        .map(o => o.kind)
        .sort(),
    ).toEqual(['copy', 'redeploy-values', 'sleep', 'wake']);
  });
});
