import { EnvironmentStore } from '../database/EnvironmentStore';
import { ProjectStore } from '../projects/ProjectStore';
import {
  createBerthTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';
import { assertNoSandboxes } from './assertNoSandboxes';
import { SandboxStore } from './SandboxStore';

jest.setTimeout(60_000);

const databases = createBerthTestDatabases();

async function setup(id: Parameters<typeof migratedDatabase>[1]) {
  const knex = await migratedDatabase(databases, id);
  await new ProjectStore(knex).upsert({
    ref: 'system:default/shop',
    name: 'shop',
    ownerRef: 'group:default/team-a',
  });
  const base = await new EnvironmentStore(knex).create({
    projectRef: 'system:default/shop',
    name: 'dev',
    cluster: 'local-east',
    namespace: 'shop-dev',
    tier: 'development',
    createdBy: 'user:default/ada',
  });
  const store = new SandboxStore(knex);
  const input = {
    name: 'alice',
    projectRef: 'system:default/shop',
    baseEnvironmentId: base.id,
    cluster: 'local-east',
    namespace: 'shop-dev-alice',
    routingDriver: 'gateway-api',
    createdBy: 'user:default/alice',
    expiresAt: new Date('2030-01-01T08:00:00Z'),
    forks: [{ service: 'cart', images: { main: 'cart:2' } }],
  };
  return { knex, base, store, input };
}

describe.each(databases.eachSupportedId())('SandboxStore on %s', id => {
  it('stores a sandbox as creating, with its base and project owner', async () => {
    const { base, store, input } = await setup(id);
    const { id: sandboxId } = await store.create(input);
    expect(await store.get(sandboxId)).toEqual({
      id: sandboxId,
      name: 'alice',
      projectRef: 'system:default/shop',
      baseEnvironmentId: base.id,
      baseEnvironmentName: 'dev',
      baseNamespace: 'shop-dev',
      baseTier: 'development',
      ownerRef: 'group:default/team-a',
      cluster: 'local-east',
      namespace: 'shop-dev-alice',
      routingDriver: 'gateway-api',
      createdBy: 'user:default/alice',
      createdAt: expect.stringMatching(/^\d{4}-/),
      updatedAt: expect.stringMatching(/^\d{4}-/),
      expiresAt: '2030-01-01T08:00:00.000Z',
      status: 'creating',
      forks: [{ service: 'cart', images: { main: 'cart:2' } }],
      warnings: [],
      previewHosts: [],
    });
    expect(await store.exists(sandboxId)).toBe(true);
    expect(await store.exists(base.id)).toBe(false);
    expect((await store.findByName(base.id, 'alice'))?.id).toBe(sandboxId);
    expect(await store.findByName(base.id, 'bob')).toBeUndefined();
  });

  it('refuses a second sandbox of the same name on the base (409)', async () => {
    const { store, input } = await setup(id);
    await store.create(input);
    await expect(
      store.create({ ...input, namespace: 'shop-dev-alice-2' }),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining("A sandbox named 'alice'"),
    });
  });

  it('updates status, forks, warnings, routes and operation; clears the message', async () => {
    const { store, input } = await setup(id);
    const { id: sandboxId } = await store.create(input);
    await store.update(sandboxId, { status: 'failed', message: 'boom' });
    expect(await store.get(sandboxId)).toMatchObject({
      status: 'failed',
      message: 'boom',
    });
    const written = new Date('2029-06-01T00:00:00Z');
    await store.update(sandboxId, {
      status: 'degraded',
      message: null,
      warnings: ['No route reaches cart'],
      previewHosts: ['alice.shop.localhost'],
      forks: [{ service: 'frontend' }],
      routesWrittenAt: written,
      operationId: '0d4c3a5e-0000-4000-8000-000000000001',
      expiresAt: new Date('2030-01-02T00:00:00Z'),
    });
    const updated = await store.get(sandboxId);
    expect(updated).toMatchObject({
      status: 'degraded',
      warnings: ['No route reaches cart'],
      previewHosts: ['alice.shop.localhost'],
      forks: [{ service: 'frontend' }],
      routesWrittenAt: written.toISOString(),
      operationId: '0d4c3a5e-0000-4000-8000-000000000001',
      expiresAt: '2030-01-02T00:00:00.000Z',
    });
    expect(updated.message).toBeUndefined();
    await expect(
      store.update('00000000-0000-4000-8000-000000000000', { status: 'ready' }),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
  });

  it('lists by base, project, creator and status; finds the expired', async () => {
    const { base, store, input } = await setup(id);
    const alice = await store.create(input);
    const bob = await store.create({
      ...input,
      name: 'bob',
      namespace: 'shop-dev-bob',
      createdBy: 'user:default/bob',
      expiresAt: new Date('2020-01-01T00:00:00Z'),
    });
    const names = (items: Array<{ name: string }>) =>
      items.map(s => s.name).sort();
    expect(names(await store.list({ baseEnvironmentId: base.id }))).toEqual([
      'alice',
      'bob',
    ]);
    expect(names(await store.list({ createdBy: 'user:default/bob' }))).toEqual([
      'bob',
    ]);
    expect(await store.list({ projectRef: 'system:default/other' })).toEqual(
      [],
    );
    await store.update(alice.id, { status: 'ready' });
    expect(names(await store.list({ status: ['ready'] }))).toEqual(['alice']);
    const now = new Date('2026-12-07T00:00:00Z');
    expect(names(await store.expired(now))).toEqual(['bob']);
    await store.update(bob.id, { status: 'deleting' });
    expect(await store.expired(now)).toEqual([]);
    await store.delete(bob.id);
    expect(await store.find(bob.id)).toBeUndefined();
  });

  it('keeps a base with sandboxes from being deleted (409 naming them)', async () => {
    const { base, store, input } = await setup(id);
    await assertNoSandboxes(store, base.id);
    await store.create(input);
    await expect(assertNoSandboxes(store, base.id)).rejects.toMatchObject({
      name: 'ConflictError',
      message:
        "The environment is the base of sandbox(es) 'alice' (by user:default/alice): delete them first",
    });
  });
});
