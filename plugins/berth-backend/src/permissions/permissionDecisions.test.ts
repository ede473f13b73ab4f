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
  ProjectPermissionQuery,
  ProjectPermissionResource,
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
  return {
    calls,
    decisions: permissionDecisions<
      ProjectPermissionResource,
      ProjectPermissionQuery
    >(permissions, Object.values(berthProjectRules)),
  };
}

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
      const { decisions } = answering({ result });
      await expect(
        decisions.allowed(caller, berthProjectReadPermission, [shop, blog]),
      ).resolves.toEqual([allowed, allowed]);
    }
  });

  it('evaluates a conditional decision on each resource, asking once', async () => {
    const { decisions, calls } = answering(onlyShop);
    await expect(
      decisions.allowed(caller, berthProjectReadPermission, [shop, blog]),
    ).resolves.toEqual([true, false]);
    expect(calls).toEqual(['berth.project.read']);
  });

  it('tells what may be listed: all, none, or the criteria of a conditional decision', async () => {
    await expect(
      answering({ result: AuthorizeResult.ALLOW }).decisions.listable(
        caller,
        berthProjectReadPermission,
      ),
    ).resolves.toEqual({ result: 'all' });
    await expect(
      answering({ result: AuthorizeResult.DENY }).decisions.listable(
        caller,
        berthProjectReadPermission,
      ),
    ).resolves.toEqual({ result: 'none' });
    await expect(
      answering(onlyShop).decisions.listable(
        caller,
        berthProjectReadPermission,
      ),
    ).resolves.toEqual({
      result: 'some',
      criteria: { column: 'ref', values: [shop.ref] },
    });
  });
});
