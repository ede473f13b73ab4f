import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  berthEnvironmentConditions,
  berthProjectConditions,
  berthSandboxConditions,
  berthWorkflowConditions,
  createBerthEnvironmentConditionalDecision,
  createBerthProjectConditionalDecision,
  createBerthSandboxConditionalDecision,
  createBerthWorkflowConditionalDecision,
} from '@berth/plugin-berth-backend';
import {
  berthEnvironmentConfigPermission,
  berthEnvironmentCopyPermission,
  berthEnvironmentCreatePermission,
  berthEnvironmentDeletePermission,
  berthEnvironmentDeployPermission,
  berthEnvironmentReadPermission,
  berthEnvironmentRollbackPermission,
  berthEnvironmentScalePermission,
  berthEnvironmentSleepPermission,
  berthEnvironmentUpdatePermission,
  berthProjectReadPermission,
  berthProjectUpdatePermission,
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

/**
 * An example policy for Berth, for the demo portal:
 * - everyone signed in sees projects and environments;
 * - owners of a project's System change the project: its services and their
 *   revisions, start order, values, Helm imports, chart upgrades, values
 *   syncs and chart uploads;
 * - owners of a project's System (the user or one of their groups) create,
 *   update, restart, scale, copy, put to sleep and manage the configs of its
 *   environments, and deploy to, roll back and delete them outside production;
 * - copying from production, and production deploy, rollback and delete are
 *   for the configured admin groups only
 *   (`berth.permissions.productionAdmins`), who may do everything;
 * - everyone signed in sees workflows and their runs; owners of a project's
 *   System create, edit, delete and run its workflows (a run also needs the
 *   deploy permission on every environment it deploys to, so production runs
 *   stay with the admins); approvals are for whoever an approval job names
 *   (Berth checks that);
 * - owners of a project's System create sandboxes of its environments
 *   outside production (creating one also needs reading its base); a
 *   sandbox's creator reads, extends, changes and deletes it; the project's
 *   owners read and delete the project's sandboxes;
 * - every other plugin's permission is allowed, as with the allow-all policy.
 */
export class BerthExamplePolicy implements PermissionPolicy {
  constructor(private readonly productionAdmins: string[]) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    if (!permission.name.startsWith('berth.')) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (!user) {
      return { result: AuthorizeResult.DENY };
    }
    const claims = user.info.ownershipEntityRefs;
    if (claims.some(ref => this.productionAdmins.includes(ref))) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (
      isPermission(permission, berthEnvironmentReadPermission) ||
      isPermission(permission, berthProjectReadPermission) ||
      isPermission(permission, berthWorkflowReadPermission) ||
      isPermission(permission, berthWorkflowApprovePermission)
    ) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (isPermission(permission, berthProjectUpdatePermission)) {
      return createBerthProjectConditionalDecision(
        permission,
        berthProjectConditions.isProjectOwner({ claims }),
      );
    }
    if (
      isPermission(permission, berthWorkflowCreatePermission) ||
      isPermission(permission, berthWorkflowUpdatePermission) ||
      isPermission(permission, berthWorkflowDeletePermission) ||
      isPermission(permission, berthWorkflowRunPermission)
    ) {
      return createBerthWorkflowConditionalDecision(
        permission,
        berthWorkflowConditions.isProjectOwner({ claims }),
      );
    }
    const sandboxDecision = this.sandboxDecision(request, user);
    if (sandboxDecision) return sandboxDecision;
    const isOwner = berthEnvironmentConditions.isProjectOwner({ claims });
    if (
      isPermission(permission, berthEnvironmentCreatePermission) ||
      isPermission(permission, berthEnvironmentUpdatePermission) ||
      isPermission(permission, berthEnvironmentScalePermission) ||
      isPermission(permission, berthEnvironmentCopyPermission) ||
      isPermission(permission, berthEnvironmentSleepPermission) ||
      isPermission(permission, berthEnvironmentConfigPermission)
    ) {
      return createBerthEnvironmentConditionalDecision(permission, isOwner);
    }
    if (
      isPermission(permission, berthEnvironmentDeployPermission) ||
      isPermission(permission, berthEnvironmentRollbackPermission) ||
      isPermission(permission, berthEnvironmentDeletePermission)
    ) {
      return createBerthEnvironmentConditionalDecision(permission, {
        allOf: [
          isOwner,
          {
            not: berthEnvironmentConditions.hasTier({ tiers: ['production'] }),
          },
        ],
      });
    }
    return { result: AuthorizeResult.DENY };
  }

  /** The decision on a `berth.sandbox.*` permission; undefined for any other. */
  private sandboxDecision(
    { permission }: PolicyQuery,
    user: PolicyQueryUser,
  ): PolicyDecision | undefined {
    const isCreator = berthSandboxConditions.isSandboxCreator({
      claims: [user.info.userEntityRef],
    });
    const isOwner = berthSandboxConditions.isProjectOwner({
      claims: user.info.ownershipEntityRefs,
    });
    if (isPermission(permission, berthSandboxCreatePermission)) {
      return createBerthSandboxConditionalDecision(permission, {
        allOf: [
          isOwner,
          {
            not: berthSandboxConditions.hasBaseTier({ tiers: ['production'] }),
          },
        ],
      });
    }
    if (isPermission(permission, berthSandboxUpdatePermission)) {
      return createBerthSandboxConditionalDecision(permission, isCreator);
    }
    if (
      isPermission(permission, berthSandboxReadPermission) ||
      isPermission(permission, berthSandboxDeletePermission)
    ) {
      return createBerthSandboxConditionalDecision(permission, {
        anyOf: [isCreator, isOwner],
      });
    }
    return undefined;
  }
}
