import { EnvironmentStore } from '../database/EnvironmentStore';
import { ProjectStore } from '../projects/ProjectStore';
import {
  createBerthTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';
import { DeploymentStore } from './DeploymentStore';

jest.setTimeout(60_000);

const databases = createBerthTestDatabases();

describe.each(databases.eachSupportedId())('DeploymentStore on %s', id => {
  it('records deploys, their outcome, and the newest per service', async () => {
    const knex = await migratedDatabase(databases, id);
    await new ProjectStore(knex).upsert({
      ref: 'system:default/shop',
      name: 'shop',
    });
    const env = await new EnvironmentStore(knex).create({
      projectRef: 'system:default/shop',
      name: 'dev',
      cluster: 'local-east',
      namespace: 'shop-dev',
      tier: 'development',
      createdBy: 'user:default/ada',
    });
    const store = new DeploymentStore(knex);

    const first = await store.start({
      environmentId: env.id,
      service: 'cart',
      revision: 1,
      valuesDigest: 'a'.repeat(64),
      images: ['ghcr.io/berth-demo/cart:1.0.0'],
      actor: 'user:default/ada',
      group: 1,
    });
    await store.finish(first.id, { result: 'succeeded', helmRevision: 1 });
    await new Promise(r => setTimeout(r, 5));
    const second = await store.start({
      environmentId: env.id,
      service: 'cart',
      revision: 2,
      valuesDigest: 'b'.repeat(64),
      images: ['ghcr.io/berth-demo/cart:1.1.0'],
      actor: 'user:default/pat',
    });
    await store.finish(second.id, { result: 'failed', message: 'timed out' });

    const records = await store.list(env.id);
    expect(records.map(r => [r.revision, r.result])).toEqual([
      [2, 'failed'],
      [1, 'succeeded'],
    ]);
    expect(records[1]).toMatchObject({
      images: ['ghcr.io/berth-demo/cart:1.0.0'],
      helmRevision: 1,
      group: 1,
      actor: 'user:default/ada',
    });
    expect(records[0].message).toBe('timed out');
    expect(Date.parse(records[0].finishedAt!)).toBeGreaterThanOrEqual(
      Date.parse(records[0].startedAt),
    );
    expect((await store.latestPerService(env.id)).get('cart')?.revision).toBe(
      2,
    );
    expect((await store.lastSucceeded(env.id, 'cart'))?.id).toBe(first.id);
    expect(await store.lastSucceeded(env.id, 'orders')).toBeUndefined();
    // Records from before snapshots have none.
    expect(await store.getSnapshot(first.id)).toEqual({
      settings: undefined,
      values: undefined,
      manifest: undefined,
    });
  });

  it('keeps a snapshot of what each deploy deployed', async () => {
    const knex = await migratedDatabase(databases, id);
    await new ProjectStore(knex).upsert({
      ref: 'system:default/shop',
      name: 'shop',
    });
    const env = await new EnvironmentStore(knex).create({
      projectRef: 'system:default/shop',
      name: 'dev',
      cluster: 'local-east',
      namespace: 'shop-dev',
      tier: 'development',
      createdBy: 'user:default/ada',
    });
    const store = new DeploymentStore(knex);
    const manifest = `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  big: "${'x'.repeat(
      100_000,
    )}"\n`;
    const record = await store.start({
      environmentId: env.id,
      service: 'cart',
      revision: 3,
      valuesDigest: 'c'.repeat(64),
      images: [],
      actor: 'user:default/ada',
      settings: { values: 'a: 1\n', images: { main: 'x/cart:2' } },
      values: 'a: 1\n',
    });
    expect(record.settings).toEqual({
      revision: 3,
      values: 'a: 1\n',
      images: { main: 'x/cart:2' },
    });
    await store.finish(record.id, { result: 'succeeded', manifest });

    expect(await store.getSnapshot(record.id)).toEqual({
      settings: { revision: 3, values: 'a: 1\n', images: { main: 'x/cart:2' } },
      values: 'a: 1\n',
      manifest,
    });
    expect((await store.get(record.id)).settings?.revision).toBe(3);
    await expect(store.get('nope')).rejects.toThrow(
      "No deployment record with id 'nope'",
    );
    await expect(store.getSnapshot('nope')).rejects.toThrow(
      "No deployment record with id 'nope'",
    );
  });
});
