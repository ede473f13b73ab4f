import { NotFoundError } from '@backstage/errors';
import {
  createBerthTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';
import { ProjectStore } from './ProjectStore';

jest.setTimeout(60_000);

const databases = createBerthTestDatabases();

describe.each(databases.eachSupportedId())('ProjectStore on %s', id => {
  it('records a System as a project and keeps its settings on refresh', async () => {
    const store = new ProjectStore(await migratedDatabase(databases, id));
    await store.upsert({
      ref: 'system:default/shop',
      name: 'shop',
      title: 'Shop',
      ownerRef: 'group:default/team-shop',
    });
    await store.updateSettings('system:default/shop', {
      startOrder: [['cache'], ['cart', 'orders'], ['storefront']],
      values: 'global:\n  env: demo\n',
    });
    await store.upsert({
      ref: 'system:default/shop',
      name: 'shop',
      title: 'Online Shop',
      ownerRef: 'group:default/team-payments',
    });

    expect(await store.get('system:default/shop')).toMatchObject({
      title: 'Online Shop',
      ownerRef: 'group:default/team-payments',
      startOrder: [['cache'], ['cart', 'orders'], ['storefront']],
      values: 'global:\n  env: demo\n',
    });
    expect((await store.list()).map(p => p.ref)).toEqual([
      'system:default/shop',
    ]);
  });

  it('keeps image rules of the project, and goes back to the defaults', async () => {
    const store = new ProjectStore(await migratedDatabase(databases, id));
    const ref = 'system:default/shop';
    await store.upsert({ ref, name: 'shop' });
    expect((await store.get(ref)).imageRules).toBeUndefined();
    const rules = [
      { registry: 'img.host', repository: 'img.name', tag: 'img.version' },
      { repository: 'container' },
    ];
    await store.updateSettings(ref, { imageRules: rules });
    await store.upsert({ ref, name: 'shop', title: 'Shop' });
    expect((await store.get(ref)).imageRules).toEqual(rules);
    await store.updateSettings(ref, { values: 'a: 1\n' });
    expect((await store.get(ref)).imageRules).toEqual(rules);
    await store.updateSettings(ref, { imageRules: null });
    expect((await store.get(ref)).imageRules).toBeUndefined();
  });

  it('says when a System is not a project', async () => {
    const store = new ProjectStore(await migratedDatabase(databases, id));
    await expect(store.get('system:default/bank')).rejects.toThrow(
      NotFoundError,
    );
    await expect(
      store.updateSettings('system:default/bank', { values: '' }),
    ).rejects.toThrow("'system:default/bank' is not a Berth project");
  });
});
