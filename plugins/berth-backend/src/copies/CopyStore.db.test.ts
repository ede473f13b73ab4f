import { EnvironmentStore } from '../database/EnvironmentStore';
import { ProjectStore } from '../projects/ProjectStore';
import {
  createBerthTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';
import { CopyStore } from './CopyStore';

jest.setTimeout(60_000);

const databases = createBerthTestDatabases();

describe.each(databases.eachSupportedId())('CopyStore on %s', id => {
  it('records where a copy came from and what it pinned', async () => {
    const knex = await migratedDatabase(databases, id);
    await new ProjectStore(knex).upsert({
      ref: 'system:default/shop',
      name: 'shop',
    });
    const environments = new EnvironmentStore(knex);
    const base = {
      projectRef: 'system:default/shop',
      cluster: 'local-east',
      tier: 'testing' as const,
      createdBy: 'user:default/ada',
    };
    const source = await environments.create({
      ...base,
      name: 'qa',
      namespace: 'shop-qa',
    });
    const copy = await environments.create({
      ...base,
      name: 'qa2',
      namespace: 'shop-qa2',
    });
    const copies = new CopyStore(knex);
    const services = {
      cart: { revision: 2, images: { main: 'ghcr.io/acme/cart:2' } },
    };
    await copies.record({
      environmentId: copy.id,
      sourceId: source.id,
      sourceName: 'qa',
      services,
      copiedBy: 'user:default/ada',
    });
    expect(await copies.get(copy.id)).toMatchObject({
      environmentId: copy.id,
      sourceId: source.id,
      sourceName: 'qa',
      services,
      copiedBy: 'user:default/ada',
      copiedAt: expect.stringMatching(/^\d{4}-/),
    });
    expect(await copies.get(source.id)).toBeUndefined();
  });
});
