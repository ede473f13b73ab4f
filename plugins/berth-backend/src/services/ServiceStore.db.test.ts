import { ConflictError, NotFoundError } from '@backstage/errors';
import { ServiceSpec } from '@berth/plugin-berth-common';
import { ProjectStore } from '../projects/ProjectStore';
import {
  createBerthTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';
import { ServiceStore } from './ServiceStore';

jest.setTimeout(60_000);

const databases = createBerthTestDatabases();
const project = 'system:default/shop';
const helmSpec = (tag: string): ServiceSpec => ({
  kind: 'helm',
  chart: { type: 'path', path: 'examples/charts/web-service' },
  values: `image:\n  tag: ${tag}\n`,
  images: [
    { name: 'main', repositoryPath: 'image.repository', tagPath: 'image.tag' },
  ],
});

describe.each(databases.eachSupportedId())('ServiceStore on %s', id => {
  async function setUp() {
    const knex = await migratedDatabase(databases, id);
    await new ProjectStore(knex).upsert({ ref: project, name: 'shop' });
    return new ServiceStore(knex);
  }

  it('creates a service at revision 1 and adds immutable revisions', async () => {
    const store = await setUp();
    await store.create({
      projectRef: project,
      name: 'cart',
      componentRef: 'component:default/cart',
      spec: helmSpec('1.0.0'),
      actor: 'user:default/ada',
    });
    const second = await store.addRevision({
      projectRef: project,
      name: 'cart',
      spec: helmSpec('1.1.0'),
      actor: 'user:default/pat',
    });
    expect(second.revision).toBe(2);
    expect(await store.get(project, 'cart')).toEqual({
      name: 'cart',
      componentRef: 'component:default/cart',
      kind: 'helm',
      latestRevision: 2,
    });
    const first = await store.getRevision(project, 'cart', 1);
    expect(first).toMatchObject({
      revision: 1,
      createdBy: 'user:default/ada',
      spec: helmSpec('1.0.0'),
    });
    expect((await store.getRevision(project, 'cart', 2)).spec).toEqual(
      helmSpec('1.1.0'),
    );
    const listed = await store.listRevisions(project, 'cart');
    expect(listed.map(r => [r.revision, r.createdBy])).toEqual([
      [2, 'user:default/pat'],
      [1, 'user:default/ada'],
    ]);
    expect(listed[1]).toEqual(first);
    await expect(store.listRevisions(project, 'nope')).rejects.toThrow(
      NotFoundError,
    );
  });

  it('refuses a duplicate service name and a revision of another kind', async () => {
    const store = await setUp();
    const input = {
      projectRef: project,
      name: 'cart',
      componentRef: 'component:default/cart',
      spec: helmSpec('1'),
      actor: 'user:default/ada',
    };
    await store.create(input);
    await expect(store.create(input)).rejects.toThrow(ConflictError);
    await expect(
      store.addRevision({
        projectRef: project,
        name: 'cart',
        spec: { kind: 'manifests', manifests: '', variables: [] },
        actor: 'user:default/ada',
      }),
    ).rejects.toThrow("Service 'cart' is of kind 'helm', not 'manifests'");
    expect((await store.get(project, 'cart')).latestRevision).toBe(1);
  });

  it('says which service or revision does not exist', async () => {
    const store = await setUp();
    await expect(store.getRevision(project, 'nope', 1)).rejects.toThrow(
      "Project 'system:default/shop' has no service named 'nope'",
    );
    await store.create({
      projectRef: project,
      name: 'cart',
      componentRef: 'component:default/cart',
      spec: helmSpec('1'),
      actor: 'user:default/ada',
    });
    await expect(store.getRevision(project, 'cart', 7)).rejects.toThrow(
      NotFoundError,
    );
    await expect(store.getRevision(project, 'cart', 7)).rejects.toThrow(
      "Service 'cart' has no revision 7",
    );
  });

  it('finds the services bound to a Component', async () => {
    const store = await setUp();
    for (const name of ['cart', 'cart-worker', 'orders']) {
      await store.create({
        projectRef: project,
        name,
        componentRef: `component:default/${
          name === 'orders' ? 'orders' : 'cart'
        }`,
        spec: helmSpec('1'),
        actor: 'user:default/ada',
      });
    }
    expect(
      (await store.listByComponent('component:default/cart')).map(s => s.name),
    ).toEqual(['cart', 'cart-worker']);
  });
});
