import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  berthProjectReadPermission,
  berthProjectUpdatePermission,
} from '@berth/plugin-berth-common';
import { Knex } from 'knex';
import {
  ownerPolicy,
  recordingAuditor,
  seededDatabase,
  user,
} from './__testUtils__/layerFixture';
import { AuthorizedProjects } from './AuthorizedProjects';
import { ProjectAuthorizer } from './ProjectAuthorizer';

const olivia = user('user:default/olivia'); // owns shop
const otto = user('user:default/otto'); // owns bank
const nobody = user('user:default/nobody');

describe('AuthorizedProjects', () => {
  let knex: Knex;
  let policy: ReturnType<typeof ownerPolicy>;
  let auditor: ReturnType<typeof recordingAuditor>;
  let layer: AuthorizedProjects;

  beforeEach(async () => {
    const db = await seededDatabase();
    knex = db.knex;
    policy = ownerPolicy();
    auditor = recordingAuditor();
    layer = new AuthorizedProjects({
      authorizer: new ProjectAuthorizer(
        policy,
        ref => db.projectStore.get(ref),
        auditor,
      ),
      projects: db.projects,
    });
  });

  afterEach(() => knex.destroy());

  it('gives the ref of a project the caller may change', async () => {
    await expect(
      layer.get(olivia, 'system:default/shop', berthProjectUpdatePermission),
    ).resolves.toBe('system:default/shop');
    expect(policy.asked).toEqual(['berth.project.update']);
    expect(auditor.events).toEqual([]);
  });

  it('refuses another team with a 403, audited as permission-denied', async () => {
    const refused = layer.get(
      otto,
      'system:default/shop',
      berthProjectUpdatePermission,
    );
    await expect(refused).rejects.toThrow(
      new NotAllowedError(
        "Not allowed to update project 'system:default/shop'",
      ),
    );
    expect(auditor.events).toEqual([
      {
        eventId: 'permission-denied',
        meta: {
          permission: 'berth.project.update',
          projectRef: 'system:default/shop',
          actor: 'user:default/otto',
          actorType: 'user',
        },
        error: expect.any(NotAllowedError),
      },
    ]);
  });

  it('answers 404 for a System that is not a project, before asking the policy', async () => {
    await expect(
      layer.get(olivia, 'system:default/nope', berthProjectReadPermission),
    ).rejects.toThrow(NotFoundError);
    expect(policy.asked).toEqual([]);
  });

  it('reads the whole project for a caller allowed to read it, and nothing for one who is not', async () => {
    const project = await layer.read(
      otto,
      'system:default/shop',
      berthProjectReadPermission,
    );
    expect(project).toMatchObject({
      ref: 'system:default/shop',
      name: 'shop',
      ownerRef: 'group:default/team-shop',
      services: [],
    });
    await expect(
      layer.read(nobody, 'system:default/shop', berthProjectReadPermission),
    ).rejects.toThrow(NotAllowedError);
  });

  it('lists the projects the caller may read with one question to the policy', async () => {
    expect((await layer.list(otto)).map(p => p.ref)).toEqual([
      'system:default/bank',
      'system:default/shop',
    ]);
    expect(policy.asked).toEqual(['berth.project.read']);
    expect(await layer.list(nobody)).toEqual([]);
  });
});
