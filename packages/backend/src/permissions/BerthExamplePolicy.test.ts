import {
  AuthorizeResult,
  ConditionalPolicyDecision,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  berthSandboxRules,
  SandboxPermissionResource,
} from '@berth/plugin-berth-backend';
import {
  berthSandboxCreatePermission,
  berthSandboxDeletePermission,
  berthSandboxReadPermission,
  berthSandboxUpdatePermission,
  berthWorkflowApprovePermission,
  berthWorkflowCreatePermission,
  berthWorkflowDeletePermission,
  berthWorkflowReadPermission,
  berthWorkflowRunPermission,
  berthWorkflowUpdatePermission,
} from '@berth/plugin-berth-common';
import { BerthExamplePolicy } from './BerthExamplePolicy';

const policy = new BerthExamplePolicy(['group:default/platform-admins']);
const user = (...claims: string[]) =>
  ({
    identity: {
      type: 'user',
      userEntityRef: claims[0],
      ownershipEntityRefs: claims,
    },
    info: { userEntityRef: claims[0], ownershipEntityRefs: claims },
  } as unknown as PolicyQueryUser);
const guest = user('user:default/guest', 'group:default/team-shop');

describe('BerthExamplePolicy: workflows', () => {
  it('lets everyone signed in read workflows and answer approvals (Berth checks the approvers)', async () => {
    for (const permission of [
      berthWorkflowReadPermission,
      berthWorkflowApprovePermission,
    ]) {
      expect(await policy.handle({ permission }, guest)).toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it("gives the project's owners the workflow changes and runs, as a condition", async () => {
    for (const permission of [
      berthWorkflowCreatePermission,
      berthWorkflowUpdatePermission,
      berthWorkflowDeletePermission,
      berthWorkflowRunPermission,
    ]) {
      expect(await policy.handle({ permission }, guest)).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'berth',
        resourceType: 'berth-workflow',
        conditions: {
          rule: 'IS_PROJECT_OWNER',
          resourceType: 'berth-workflow',
          params: {
            claims: ['user:default/guest', 'group:default/team-shop'],
          },
        },
      });
    }
  });

  it('refuses workflow permissions to callers without a user, allows everything to admins', async () => {
    expect(
      await policy.handle({ permission: berthWorkflowRunPermission }),
    ).toEqual({ result: AuthorizeResult.DENY });
    expect(
      await policy.handle(
        { permission: berthWorkflowRunPermission },
        user('user:default/root', 'group:default/platform-admins'),
      ),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });
});

describe('BerthExamplePolicy: sandboxes', () => {
  const applies = createConditionAuthorizer(Object.values(berthSandboxRules));
  const alice = user('user:default/alice', 'group:default/team-shop');
  const bob = user('user:default/bob', 'group:default/team-shop');
  const otto = user('user:default/otto', 'group:default/team-bank');
  const sandbox = (
    createdBy: string,
    baseTier: SandboxPermissionResource['baseTier'] = 'development',
  ): SandboxPermissionResource => ({
    id: 's1',
    projectRef: 'system:default/shop',
    ownerRef: 'group:default/team-shop',
    createdBy,
    baseTier,
    cluster: 'east',
  });
  /** Whether the policy lets `who` do `permission` on `resource`. */
  const may = async (
    who: PolicyQueryUser,
    permission: ResourcePermission,
    resource: SandboxPermissionResource,
  ) => {
    const decision = await policy.handle({ permission }, who);
    if (decision.result !== AuthorizeResult.CONDITIONAL) {
      return decision.result === AuthorizeResult.ALLOW;
    }
    expect(decision.resourceType).toBe('berth-sandbox');
    return applies(decision as ConditionalPolicyDecision, resource);
  };

  it("lets the project's owners create sandboxes of bases outside production only", async () => {
    const create = berthSandboxCreatePermission;
    expect(await may(alice, create, sandbox('user:default/alice'))).toBe(true);
    expect(
      await may(alice, create, sandbox('user:default/alice', 'staging')),
    ).toBe(true);
    expect(
      await may(alice, create, sandbox('user:default/alice', 'production')),
    ).toBe(false);
    expect(await may(otto, create, sandbox('user:default/otto'))).toBe(false);
  });

  it('lets a creator read, update and delete their own sandbox', async () => {
    for (const permission of [
      berthSandboxReadPermission,
      berthSandboxUpdatePermission,
      berthSandboxDeletePermission,
    ]) {
      expect(await may(otto, permission, sandbox('user:default/otto'))).toBe(
        true,
      );
    }
  });

  it("lets the project's owners read and delete its sandboxes, not update another's", async () => {
    const bobs = sandbox('user:default/bob');
    expect(await may(alice, berthSandboxReadPermission, bobs)).toBe(true);
    expect(await may(alice, berthSandboxDeletePermission, bobs)).toBe(true);
    expect(await may(alice, berthSandboxUpdatePermission, bobs)).toBe(false);
    expect(await may(bob, berthSandboxUpdatePermission, bobs)).toBe(true);
  });

  it('refuses a sandbox to someone neither its creator nor an owner of its project', async () => {
    for (const permission of [
      berthSandboxReadPermission,
      berthSandboxUpdatePermission,
      berthSandboxDeletePermission,
    ]) {
      expect(await may(otto, permission, sandbox('user:default/alice'))).toBe(
        false,
      );
    }
  });

  it('refuses sandboxes to callers without a user, allows everything to admins', async () => {
    expect(
      await policy.handle({ permission: berthSandboxDeletePermission }),
    ).toEqual({ result: AuthorizeResult.DENY });
    expect(
      await may(
        user('user:default/root', 'group:default/platform-admins'),
        berthSandboxCreatePermission,
        sandbox('user:default/root', 'production'),
      ),
    ).toBe(true);
  });
});
