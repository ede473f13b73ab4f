import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  berthProjectReadPermission,
  berthProjectUpdatePermission,
} from '@berth/plugin-berth-common';
import { ProjectAuthorizer } from './ProjectAuthorizer';
import {
  berthProjectConditions,
  createBerthProjectConditionalDecision,
  ProjectPermissionResource,
} from './projectRules';

const projects: ProjectPermissionResource[] = [
  { ref: 'system:default/shop', ownerRef: 'group:default/team-shop' },
  { ref: 'system:default/blog', ownerRef: 'group:default/team-blog' },
  { ref: 'system:default/orphan' },
];
const claimsOf: Record<string, string[]> = {
  'user:default/olivia': ['user:default/olivia', 'group:default/team-shop'],
  'user:default/otto': ['user:default/otto', 'group:default/team-other'],
};

/**
 * A permissions service answering like a project-scoped policy: updates for
 * the System's owners (a conditional decision on the project), reads for
 * everyone, nothing for callers without a claim list.
 */
function ownerPolicy(): PermissionsService & { asked: string[] } {
  const asked: string[] = [];
  const decide = (permission: { name: string }, credentials: any) => {
    asked.push(permission.name);
    const claims = claimsOf[credentials.principal.userEntityRef];
    if (!claims) return { result: AuthorizeResult.DENY };
    if (permission.name === berthProjectReadPermission.name) {
      return { result: AuthorizeResult.ALLOW };
    }
    return createBerthProjectConditionalDecision(
      berthProjectUpdatePermission,
      berthProjectConditions.isProjectOwner({ claims }),
    );
  };
  return {
    asked,
    authorize: async () => {
      throw new Error('project checks are conditional');
    },
    authorizeConditional: async (requests, { credentials }) =>
      requests.map(r => decide(r.permission, credentials)) as any,
  };
}

describe('ProjectAuthorizer', () => {
  const load = async (ref: string) => {
    const found = projects.find(p => p.ref === ref);
    if (!found) throw new NotFoundError(`'${ref}' is not a Berth project`);
    return found;
  };
  const user = (ref: string): BackstageCredentials => mockCredentials.user(ref);

  it('lets the owner of the System update it and returns the project', async () => {
    const authorizer = new ProjectAuthorizer(ownerPolicy(), load);
    await expect(
      authorizer.authorize(
        user('user:default/olivia'),
        berthProjectUpdatePermission,
        'system:default/shop',
      ),
    ).resolves.toEqual(projects[0]);
  });

  it('refuses another team, naming the project, and audits the refusal as permission-denied', async () => {
    const events: Array<{ eventId: string; meta?: object; error?: Error }> = [];
    const authorizer = new ProjectAuthorizer(ownerPolicy(), load, {
      async createEvent(options) {
        const event: { eventId: string; meta?: object; error?: Error } = {
          eventId: options.eventId,
          meta: options.meta,
        };
        events.push(event);
        return {
          success: async () => undefined,
          fail: async ({ error }) => {
            event.error = error;
          },
        };
      },
    });
    const refused = authorizer.authorize(
      user('user:default/otto'),
      berthProjectUpdatePermission,
      'system:default/shop',
    );
    await expect(refused).rejects.toThrow(NotAllowedError);
    await expect(refused).rejects.toThrow(
      "Not allowed to update project 'system:default/shop'",
    );
    expect(events).toEqual([
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

  it('never lets anyone update a project without an owner through the owner rule', async () => {
    const authorizer = new ProjectAuthorizer(ownerPolicy(), load);
    await expect(
      authorizer.authorize(
        user('user:default/olivia'),
        berthProjectUpdatePermission,
        'system:default/orphan',
      ),
    ).rejects.toThrow(NotAllowedError);
  });

  it('answers 404 for a System that is not a project, before asking the policy', async () => {
    const permissions = ownerPolicy();
    const authorizer = new ProjectAuthorizer(permissions, load);
    await expect(
      authorizer.authorize(
        user('user:default/olivia'),
        berthProjectUpdatePermission,
        'system:default/nope',
      ),
    ).rejects.toThrow(NotFoundError);
    expect(permissions.asked).toEqual([]);
  });

  it('filters a list to the projects the caller may read, with one question to the policy', async () => {
    const permissions = ownerPolicy();
    const authorizer = new ProjectAuthorizer(permissions, load);
    expect(
      await authorizer.readable(user('user:default/otto'), projects),
    ).toEqual(projects);
    expect(permissions.asked).toEqual(['berth.project.read']);
    expect(
      await authorizer.readable(user('user:default/nobody'), projects),
    ).toEqual([]);
  });

  it('applies conditional read decisions to each project of a list', async () => {
    const onlyShop: PermissionsService = {
      authorize: async () => {
        throw new Error('not used');
      },
      authorizeConditional: async requests =>
        requests.map(() =>
          createBerthProjectConditionalDecision(berthProjectReadPermission, {
            not: berthProjectConditions.isProject({
              refs: ['system:default/blog', 'system:default/orphan'],
            }),
          }),
        ) as any,
    };
    const authorizer = new ProjectAuthorizer(onlyShop, load);
    expect(
      (await authorizer.readable(user('user:default/otto'), projects)).map(
        p => p.ref,
      ),
    ).toEqual(['system:default/shop']);
  });
});
