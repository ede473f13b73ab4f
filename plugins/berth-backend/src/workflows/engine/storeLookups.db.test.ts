import {
  createBerthTestDatabases,
  migratedDatabase,
} from '../../__testUtils__/testDatabases';
import { EnvironmentStore } from '../../database/EnvironmentStore';
import { ProjectStore } from '../../projects/ProjectStore';
import {
  projectOwnersFromStore,
  resolveEnvironmentFromStore,
} from './storeLookups';

jest.setTimeout(60_000);

const databases = createBerthTestDatabases();

describe.each(databases.eachSupportedId())('store lookups on %s', id => {
  it('resolves environments by name or id within the project, and project owners', async () => {
    const knex = await migratedDatabase(databases, id);
    const projects = new ProjectStore(knex);
    await projects.upsert({
      ref: 'system:default/shop',
      name: 'shop',
      ownerRef: 'group:default/team-shop',
    });
    await projects.upsert({ ref: 'system:default/bank', name: 'bank' });
    const environments = new EnvironmentStore(knex);
    const dev = await environments.create({
      projectRef: 'system:default/shop',
      name: 'dev',
      cluster: 'local-east',
      namespace: 'shop-dev',
      tier: 'development',
      createdBy: 'user:default/ada',
    });
    const resolve = resolveEnvironmentFromStore(environments);
    const expected = { id: dev.id, tier: 'development', cluster: 'local-east' };
    expect(await resolve('system:default/shop', 'dev')).toEqual(expected);
    expect(await resolve('system:default/shop', dev.id)).toEqual(expected);
    expect(await resolve('system:default/bank', dev.id)).toBeUndefined();
    expect(await resolve('system:default/shop', 'prod')).toBeUndefined();

    const owners = projectOwnersFromStore(projects);
    expect(await owners('system:default/shop')).toEqual([
      'group:default/team-shop',
    ]);
    expect(await owners('system:default/bank')).toEqual([]);
    expect(await owners('system:default/nope')).toEqual([]);
  });
});
