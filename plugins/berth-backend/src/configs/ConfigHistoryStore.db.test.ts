import { EnvironmentStore } from '../database/EnvironmentStore';
import { ProjectStore } from '../projects/ProjectStore';
import { EnvironmentRegistryStore } from '../registries/EnvironmentRegistryStore';
import {
  createBerthTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';
import { ConfigHistoryStore } from './ConfigHistoryStore';

jest.setTimeout(60_000);

const databases = createBerthTestDatabases();

describe.each(databases.eachSupportedId())('config history on %s', id => {
  async function setUp() {
    const knex = await migratedDatabase(databases, id);
    await new ProjectStore(knex).upsert({
      ref: 'system:default/shop',
      name: 'shop',
    });
    const environment = await new EnvironmentStore(knex).create({
      projectRef: 'system:default/shop',
      name: 'dev',
      cluster: 'local-east',
      namespace: 'shop-dev',
      tier: 'development',
      createdBy: 'user:default/ada',
    });
    return { knex, environment };
  }

  it('numbers the changes of each config and lists them newest first', async () => {
    const { knex, environment } = await setUp();
    const store = new ConfigHistoryStore(knex);
    const base = {
      environmentId: environment.id,
      actor: 'user:default/ada',
    };
    const first = await store.record({
      ...base,
      kind: 'ConfigMap',
      name: 'app',
      action: 'create',
      content: 'data:\n  a: "1"\n',
      keys: ['a'],
      changedKeys: ['a'],
    });
    await store.record({
      ...base,
      kind: 'Secret',
      name: 'app',
      action: 'create',
      keys: ['password'],
      changedKeys: ['password'],
    });
    await new Promise(r => setTimeout(r, 5));
    const second = await store.record({
      ...base,
      kind: 'ConfigMap',
      name: 'app',
      action: 'update',
      content: 'data:\n  a: "2"\n',
      keys: ['a'],
      changedKeys: ['a'],
    });
    await store.setRestarted(second.id, ['deployment/cart']);

    expect(first.version).toBe(1);
    expect(second.version).toBe(2);
    const configMap = await store.list(environment.id, {
      kind: 'ConfigMap',
      name: 'app',
    });
    expect(configMap.map(c => [c.version, c.action, c.restarted])).toEqual([
      [2, 'update', ['deployment/cart']],
      [1, 'create', undefined],
    ]);
    const [secret] = await store.list(environment.id, { kind: 'Secret' });
    expect(secret).toMatchObject({
      version: 1,
      keys: ['password'],
      changedKeys: ['password'],
    });
    expect(secret.content).toBeUndefined();
    const latest = await store.latest(environment.id);
    expect(latest.get('ConfigMap/app')?.version).toBe(2);
    expect(latest.get('Secret/app')?.version).toBe(1);
  });

  it('never records the content of a Secret', async () => {
    const { knex, environment } = await setUp();
    const store = new ConfigHistoryStore(knex);
    await expect(
      store.record({
        environmentId: environment.id,
        actor: 'user:default/ada',
        kind: 'Secret',
        name: 'app',
        action: 'create',
        content: 'data:\n  password: c2VjcmV0\n',
      }),
    ).rejects.toThrow('without its content');
    expect(await store.list(environment.id)).toEqual([]);
  });

  it('gives concurrent changes of one config distinct versions', async () => {
    const { knex, environment } = await setUp();
    const store = new ConfigHistoryStore(knex);
    const changes = await Promise.all(
      [1, 2, 3, 4].map(() =>
        store.record({
          environmentId: environment.id,
          actor: 'user:default/ada',
          kind: 'Ingress',
          name: 'web',
          action: 'update',
          content: 'spec: {}\n',
        }),
      ),
    );
    expect(changes.map(c => c.version).sort()).toEqual([1, 2, 3, 4]);
  });

  it('keeps and clears an environment registry override', async () => {
    const { knex, environment } = await setUp();
    const store = new EnvironmentRegistryStore(knex);
    expect(await store.get(environment.id)).toBeUndefined();
    await store.set(environment.id, 'eu');
    await store.set(environment.id, 'us');
    expect(await store.get(environment.id)).toBe('us');
    await store.set(environment.id, undefined);
    expect(await store.get(environment.id)).toBeUndefined();
  });
});
