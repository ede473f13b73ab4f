import { ProjectStore } from '../projects/ProjectStore';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  applyDatabaseMigrations,
  currentMigration,
  newestMigrationOnDisk,
} from './migrations';
import { createBerthTestDatabases } from '../__testUtils__/testDatabases';
import { EnvironmentStore, NewEnvironment } from './EnvironmentStore';

jest.setTimeout(60_000);

const databases = createBerthTestDatabases();

const shopDev: NewEnvironment = {
  projectRef: 'system:default/shop',
  name: 'dev',
  cluster: 'local-east',
  namespace: 'shop-dev',
  tier: 'development',
  createdBy: 'user:default/guest',
};

describe.each(databases.eachSupportedId())('EnvironmentStore on %s', id => {
  async function createStore() {
    const knex = await databases.init(id);
    await applyDatabaseMigrations(knex);
    const projects = new ProjectStore(knex);
    await projects.upsert({
      ref: 'system:default/shop',
      name: 'shop',
      ownerRef: 'group:default/team-shop',
    });
    await projects.upsert({
      ref: 'system:default/bank',
      name: 'bank',
      ownerRef: 'group:default/team-bank',
    });
    return { knex, store: new EnvironmentStore(knex) };
  }

  it('applies the migrations and reports the newest one', async () => {
    const { knex } = await createStore();
    expect(await currentMigration(knex)).toBe(newestMigrationOnDisk());
    expect(await knex.schema.hasTable('berth_environments')).toBe(true);
  });

  it('stores an environment and reads it back', async () => {
    const { store } = await createStore();
    const created = await store.create(shopDev);
    expect(created).toMatchObject({ ...shopDev, id: expect.any(String) });
    expect(new Date(created.createdAt).getTime()).toBeGreaterThan(
      Date.now() - 60_000,
    );
    await expect(store.get('system:default/shop', 'dev')).resolves.toEqual(
      created,
    );
    expect(await store.count()).toBe(1);
  });

  it('lists environments by project, sorted by name', async () => {
    const { store } = await createStore();
    await store.create({ ...shopDev, name: 'test', namespace: 'shop-test' });
    await store.create(shopDev);
    await store.create({
      ...shopDev,
      projectRef: 'system:default/bank',
      namespace: 'bank-dev',
    });
    expect((await store.list()).map(e => `${e.projectRef}/${e.name}`)).toEqual([
      'system:default/bank/dev',
      'system:default/shop/dev',
      'system:default/shop/test',
    ]);
    expect(
      (await store.list({ projectRef: 'system:default/shop' })).map(
        e => e.name,
      ),
    ).toEqual(['dev', 'test']);
  });

  it('refuses a second environment of the same name in a project', async () => {
    const { store } = await createStore();
    await store.create(shopDev);
    const again = store.create({ ...shopDev, namespace: 'shop-dev-2' });
    await expect(again).rejects.toThrow(ConflictError);
    await expect(again).rejects.toThrow(
      "Project 'system:default/shop' already has an environment named 'dev'",
    );
    expect(await store.count()).toBe(1);
  });

  it('refuses a namespace that another environment uses on the same cluster', async () => {
    const { store } = await createStore();
    await store.create(shopDev);
    await expect(
      store.create({ ...shopDev, projectRef: 'system:default/bank' }),
    ).rejects.toThrow(
      "Namespace 'shop-dev' on cluster 'local-east' is already used by environment 'dev' of 'system:default/shop'",
    );
    // The same namespace name on another cluster is a different namespace.
    await expect(
      store.create({
        ...shopDev,
        projectRef: 'system:default/bank',
        cluster: 'local-west',
      }),
    ).resolves.toMatchObject({ cluster: 'local-west' });
    expect(await store.count()).toBe(2);
  });

  it('filters by a permission decision in the database', async () => {
    const { store } = await createStore();
    await store.create(shopDev);
    await store.create({
      ...shopDev,
      name: 'prod',
      namespace: 'shop-prod',
      tier: 'production',
    });
    await store.create({
      ...shopDev,
      name: 'stage',
      namespace: 'shop-stage',
      tier: 'staging',
      cluster: 'local-west',
    });
    await store.create({
      ...shopDev,
      projectRef: 'system:default/bank',
      namespace: 'bank-dev',
    });
    const names = async (permission: Parameters<EnvironmentStore['list']>[0]) =>
      (await store.list(permission)).map(
        e => `${e.projectRef.split('/')[1]}/${e.name}`,
      );

    // Owner of the shop, anything but production.
    expect(
      await names({
        permission: {
          allOf: [
            {
              column: 'owner_ref',
              values: ['user:default/ada', 'group:default/team-shop'],
            },
            { not: { column: 'tier', values: ['production'] } },
          ],
        },
      }),
    ).toEqual(['shop/dev', 'shop/stage']);
    // On one cluster, or of the bank.
    expect(
      await names({
        permission: {
          anyOf: [
            { column: 'cluster', values: ['local-west'] },
            { column: 'owner_ref', values: ['group:default/team-bank'] },
          ],
        },
      }),
    ).toEqual(['bank/dev', 'shop/stage']);
    // No claims: nothing.
    expect(
      await names({ permission: { column: 'owner_ref', values: [] } }),
    ).toEqual([]);
    // The project owner comes along with each environment.
    expect((await store.get('system:default/bank', 'dev')).ownerRef).toBe(
      'group:default/team-bank',
    );
  });

  it('updates settings and deletes an environment', async () => {
    const { store } = await createStore();
    const env = await store.create(shopDev);
    const updated = await store.update(env.id, {
      values: 'replicas: 2\n',
      services: { cart: { revision: 3, images: { main: 'cart:2' } } },
    });
    expect(updated).toMatchObject({
      values: 'replicas: 2\n',
      services: { cart: { revision: 3, images: { main: 'cart:2' } } },
    });
    await store.delete(env.id);
    await expect(store.getById(env.id)).rejects.toThrow(NotFoundError);
    expect(await store.count()).toBe(0);
  });

  it('says which environment is missing', async () => {
    const { store } = await createStore();
    await expect(store.get('system:default/shop', 'nope')).rejects.toThrow(
      NotFoundError,
    );
  });
});
