import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
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
