import { ConflictError } from '@backstage/errors';
import {
  createBerthTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';
import { environmentConflicts } from './environmentConflicts';
import { NewOperation, OperationStore } from './OperationStore';

jest.setTimeout(120_000);

const databases = createBerthTestDatabases();

function operation(
  lockKey: string,
  kind: NewOperation['kind'] = 'deploy',
): NewOperation {
  return {
    kind,
    title: `${kind} ${lockKey}`,
    projectRef: 'system:default/shop',
    environmentId: lockKey.replace('environment:', ''),
    lockKey,
    spec: { services: ['cart'] },
    actor: 'user:default/ada',
    actorType: 'user',
  };
}

describe.each(databases.eachSupportedId())('OperationStore on %s', id => {
  it('claims in queue order, one running operation per environment', async () => {
    const store = new OperationStore(await migratedDatabase(databases, id));
    const a1 = (await store.enqueue(operation('environment:a'))).operation;
    const a2 = await store.enqueue(operation('environment:a'));
    const b1 = (await store.enqueue(operation('environment:b'))).operation;
    expect(a2.queuedBehind).toBe(a1.id);

    const first = await store.claimNext('r1', 30_000);
    expect(first).toMatchObject({ id: a1.id, status: 'running', attempts: 1 });
    // a2 waits for a1: the next claim skips environment a.
    expect((await store.claimNext('r2', 30_000))?.id).toBe(b1.id);
    expect(await store.claimNext('r2', 30_000)).toBeUndefined();

    expect(await store.finish(a1.id, 'r1', { status: 'succeeded' })).toBe(true);
    expect((await store.claimNext('r2', 30_000))?.id).toBe(a2.operation.id);
  });

  it('refuses conflicting operations and stores nothing for them', async () => {
    const store = new OperationStore(await migratedDatabase(databases, id));
    const del = await store.enqueue(
      operation('environment:c', 'delete'),
      environmentConflicts,
    );
    await expect(
      store.enqueue(operation('environment:c', 'deploy'), environmentConflicts),
    ).rejects.toThrow(
      new RegExp(`operation ${del.operation.id} .* deletes the environment`),
    );
    const sleep = await store.enqueue(
      operation('environment:d', 'sleep'),
      environmentConflicts,
    );
    await expect(
      store.enqueue(operation('environment:d', 'wake'), environmentConflicts),
    ).rejects.toBeInstanceOf(ConflictError);
    expect((await store.list({ environmentId: 'c' })).map(o => o.kind)).toEqual(
      ['delete'],
    );
    expect((await store.list({ environmentId: 'd' })).map(o => o.id)).toEqual([
      sleep.operation.id,
    ]);
  });

  it('requeues an expired lease at the head of the queue and fences the old owner', async () => {
    const store = new OperationStore(await migratedDatabase(databases, id));
    const { operation: op } = await store.enqueue(operation('environment:e'));
    await store.enqueue(operation('environment:e'));
    await store.claimNext('dead', 1);
    await store.planSteps(op.id, [{ key: 'group:1', title: 'Group 1' }]);
    await new Promise(resolve => setTimeout(resolve, 20));

    expect(await store.requeueExpired()).toEqual([op.id]);
    const taken = await store.claimNext('alive', 30_000);
    expect(taken).toMatchObject({ id: op.id, attempts: 2 });
    // The replica that lost the lease can no longer write.
    expect(await store.renewLease(op.id, 'dead', 30_000)).toBe(false);
    expect(await store.startStep(op.id, 'dead', 'group:1')).toBe(false);
    expect(await store.finish(op.id, 'dead', { status: 'failed' })).toBe(false);
    expect(await store.startStep(op.id, 'alive', 'group:1')).toBe(true);
    expect(await store.finish(op.id, 'alive', { status: 'succeeded' })).toBe(
      true,
    );
  });

  it('cancels a queued operation at once and a running one after its step; refuses a finished one', async () => {
    const store = new OperationStore(await migratedDatabase(databases, id));
    const { operation: running } = await store.enqueue(
      operation('environment:f'),
    );
    const { operation: queued } = await store.enqueue(
      operation('environment:f'),
    );
    await store.claimNext('r1', 30_000);

    expect(
      await store.requestCancel(queued.id, 'user:default/bo'),
    ).toMatchObject({ status: 'cancelled', cancelledBy: 'user:default/bo' });
    expect(
      await store.requestCancel(running.id, 'user:default/bo'),
    ).toMatchObject({ status: 'running', cancelRequested: true });
    expect(await store.isCancelRequested(running.id)).toBe(true);
    await store.finish(running.id, 'r1', { status: 'cancelled' });
    await expect(
      store.requestCancel(running.id, 'user:default/bo'),
    ).rejects.toThrow(/has already cancelled/);
  });

  it('lets concurrent claimers run each operation once and never two of one environment at a time', async () => {
    const store = new OperationStore(await migratedDatabase(databases, id));
    const keys = ['g', 'h', 'i', 'j'];
    for (let i = 0; i < 24; i++) {
      await store.enqueue(operation(`environment:${keys[i % keys.length]}`));
    }
    const runs = new Map<string, number>();
    const running = new Set<string>();
    let overlap = false;
    const replica = async (owner: string) => {
      for (;;) {
        const claimed = await store.claimNext(owner, 30_000);
        if (!claimed) {
          const left = await store.list({ status: ['queued', 'running'] });
          if (left.length === 0) return;
          await new Promise(resolve => setTimeout(resolve, 5));
          continue;
        }
        if (running.has(claimed.lockKey!)) overlap = true;
        running.add(claimed.lockKey!);
        runs.set(claimed.id, (runs.get(claimed.id) ?? 0) + 1);
        await new Promise(resolve => setTimeout(resolve, 2));
        running.delete(claimed.lockKey!);
        await store.finish(claimed.id, owner, { status: 'succeeded' });
      }
    };
    await Promise.all(['r1', 'r2', 'r3'].map(replica));
    expect(overlap).toBe(false);
    expect(runs.size).toBe(24);
    expect([...runs.values()].every(count => count === 1)).toBe(true);
  });

  it('reports progress over leaf steps', async () => {
    const store = new OperationStore(await migratedDatabase(databases, id));
    const { operation: op } = await store.enqueue(operation('environment:k'));
    await store.claimNext('r1', 30_000);
    await store.planSteps(op.id, [
      { key: 'group:1', title: 'Group 1' },
      { key: 'service:a', title: 'a', parent: 'group:1' },
      { key: 'service:b', title: 'b', parent: 'group:1' },
    ]);
    await store.startStep(op.id, 'r1', 'service:a');
    await store.finishStep(op.id, 'r1', 'service:a', { status: 'succeeded' });
    const described = await store.describe(await store.get(op.id), {
      details: true,
    });
    expect(described.progress).toEqual({ done: 1, total: 2 });
    expect(described.steps?.map(s => [s.key, s.status])).toEqual([
      ['group:1', 'pending'],
      ['service:a', 'succeeded'],
      ['service:b', 'pending'],
    ]);
    expect(described).not.toHaveProperty('spec');
  });
});
