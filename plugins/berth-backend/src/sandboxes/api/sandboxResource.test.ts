import { seededDatabase } from '../../permissions/__testUtils__/layerFixture';
import { InMemorySandboxService } from './__testUtils__/InMemorySandboxService';
import { sandboxResourceLoader } from './sandboxResource';

describe('sandboxResourceLoader', () => {
  let db: Awaited<ReturnType<typeof seededDatabase>>;
  beforeEach(async () => {
    db = await seededDatabase();
  });
  afterEach(() => db.knex.destroy());

  it("loads sandboxes by id with their base's project owner, tier and cluster; undefined for unknown ids", async () => {
    const sandboxes = new InMemorySandboxService();
    const { shopProd } = db.seeded;
    const alice = sandboxes.seed(shopProd, 'alice', 'user:default/alice');
    const load = sandboxResourceLoader({
      sandboxes,
      bases: db.environments,
    });
    expect(await load([alice.id, 'unknown'])).toEqual([
      {
        id: alice.id,
        name: 'alice',
        projectRef: 'system:default/shop',
        ownerRef: 'group:default/team-shop',
        createdBy: 'user:default/alice',
        baseTier: 'production',
        cluster: 'east',
      },
      undefined,
    ]);
  });

  it('loads nothing while no sandbox service is wired', async () => {
    const load = sandboxResourceLoader({ bases: db.environments });
    expect(await load(['a', 'b'])).toEqual([undefined, undefined]);
  });
});
