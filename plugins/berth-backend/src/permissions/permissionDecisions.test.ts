import { PermissionsService } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { berthProjectReadPermission } from '@berth/plugin-berth-common';
import { permissionDecisions } from './permissionDecisions';
import {
  berthProjectConditions,
  berthProjectRules,
  createBerthProjectConditionalDecision,
} from './projectRules';

const shop = { ref: 'system:default/shop', ownerRef: 'group:default/shop' };
const blog = { ref: 'system:default/blog' };

/** A permissions service that gives every request `decision` and counts the calls. */
function answering(decision: PolicyDecision) {
  const calls: string[] = [];
  const permissions: PermissionsService = {
    authorize: async () => {
      throw new Error('not used');
    },
    authorizeConditional: async requests => {
      calls.push(...requests.map(r => r.permission.name));
      return requests.map(() => decision) as any;
    },
  };
  return { calls, permissions };
}

const decisions = permissionDecisions(berthProjectRules);

const onlyShop = createBerthProjectConditionalDecision(
  berthProjectReadPermission,
  berthProjectConditions.isProject({ refs: [shop.ref] }),
);
const caller = mockCredentials.user('user:default/olivia');

describe('permissionDecisions', () => {
  it('allows every resource, or none, by a definitive decision', async () => {
    for (const [result, allowed] of [
      [AuthorizeResult.ALLOW, true],
      [AuthorizeResult.DENY, false],
    ] as const) {
      const { permissions } = answering({ result });
      await expect(
        decisions.allowed(permissions, caller, berthProjectReadPermission, [
          shop,
          blog,
        ]),
      ).resolves.toEqual([allowed, allowed]);
    }
  });

  it('evaluates a conditional decision on each resource, asking once', async () => {
    const { permissions, calls } = answering(onlyShop);
    await expect(
      decisions.allowed(permissions, caller, berthProjectReadPermission, [
        shop,
        blog,
      ]),
    ).resolves.toEqual([true, false]);
    expect(calls).toEqual(['berth.project.read']);
  });

  it('tells what may be listed: all, none, or the criteria of a conditional decision', async () => {
    await expect(
      decisions.listable(
        answering({ result: AuthorizeResult.ALLOW }).permissions,
        caller,
        berthProjectReadPermission,
      ),
    ).resolves.toEqual({ result: 'all' });
    await expect(
      decisions.listable(
        answering({ result: AuthorizeResult.DENY }).permissions,
        caller,
        berthProjectReadPermission,
      ),
    ).resolves.toEqual({ result: 'none' });
    await expect(
      decisions.listable(
        answering(onlyShop).permissions,
        caller,
        berthProjectReadPermission,
      ),
    ).resolves.toEqual({
      result: 'some',
      criteria: { column: 'ref', values: [shop.ref] },
    });
  });
});
