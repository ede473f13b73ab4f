import { user } from '../permissions/__testUtils__/layerFixture';
import {
  createBerthTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';
import { berthActionsFixture } from './__testUtils__/actionsFixture';

// Berth's actions on SQLite and PostgreSQL: the environment list turns the
// policy's conditional decision into SQL (each caller gets its own), and a
// deploy stores its settings and its operation, read back by get-operation
// (failed: no cluster here); a refused deploy stores nothing.
jest.setTimeout(60_000);

const databases = createBerthTestDatabases();
const olivia = user('user:default/olivia'); // owns shop
const otto = user('user:default/otto'); // owns bank

describe.each(databases.eachSupportedId())('Berth actions on %s', id => {
  let closing: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await closing?.();
    closing = undefined;
  });

  it('lists only the environments each caller may read, filtered in the database', async () => {
    const fixture = await berthActionsFixture(
      await migratedDatabase(databases, id),
    );
    closing = fixture.close;
    const { invoke } = fixture;
    const names = async (credentials: typeof olivia, project?: string) =>
      (
        await invoke(
          'list-environments',
          project ? { project } : {},
          credentials,
        )
      ).environments
        .map(
          (e: { projectRef: string; name: string }) =>
            `${e.projectRef} ${e.name}`,
        )
        .sort();
    expect(await names(olivia)).toEqual([
      'system:default/shop dev',
      'system:default/shop prod',
    ]);
    expect(await names(otto)).toEqual(['system:default/bank dev']);
    expect(await names(otto, 'system:default/shop')).toEqual([]);
  });

  it('deploys through the action: settings and operation stored; a refused deploy stores nothing', async () => {
    const fixture = await berthActionsFixture(
      await migratedDatabase(databases, id),
    );
    closing = fixture.close;
    const { invoke, seeded, berth, ended } = fixture;
    const environmentId = seeded.shopDev.id;
    await expect(
      invoke(
        'deploy-service',
        { environmentId, service: 'web', images: { main: 'nginx:1' } },
        otto,
      ),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
    expect(await berth.environmentOperations.list(environmentId, {})).toEqual(
      [],
    );

    const started = await invoke('deploy-service', {
      environmentId,
      service: 'web',
      images: { main: 'nginx:1' },
    });
    expect(started).toMatchObject({ status: 'queued', title: 'Deploy web' });
    const operation = await ended(environmentId, started.operationId);
    expect(operation).toMatchObject({
      kind: 'deploy-service',
      status: 'failed',
      actor: 'user:default/olivia',
      message: expect.stringContaining("Unknown cluster 'east'"),
    });
    const listed = (
      await invoke('list-environments', { project: 'shop' })
    ).environments.find((e: { id: string }) => e.id === environmentId);
    // The image as the action stored it; the revision as the deploy pinned it.
    expect(listed.services).toEqual([
      { name: 'web', revision: 1, images: { main: 'nginx:1' } },
    ]);
  });
});
