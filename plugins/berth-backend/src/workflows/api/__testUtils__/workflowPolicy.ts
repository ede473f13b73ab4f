import { PermissionsService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  BERTH_ENVIRONMENT_RESOURCE_TYPE,
  BERTH_WORKFLOW_RESOURCE_TYPE,
  berthEnvironmentDeployPermission,
  berthWorkflowReadPermission,
  berthWorkflowRunPermission,
  berthWorkflowApprovePermission,
} from '@berth/plugin-berth-common';
import {
  berthEnvironmentConditions,
  createBerthEnvironmentConditionalDecision,
} from '../../../permissions/environmentRules';
import {
  berthWorkflowConditions as c,
  createBerthWorkflowConditionalDecision,
} from '../workflowRules';

/**
 * The test users and their ownership claims. shop is owned by team-shop,
 * bank by team-bank. ada is the admin; nobody has no claims.
 */
export const claimsOf: Record<string, string[]> = {
  'user:default/ada': ['user:default/ada', 'group:default/admins'],
  // team-shop, but never anything production.
  'user:default/olivia': ['user:default/olivia', 'group:default/team-shop'],
  // team-shop, a release manager: may target production.
  'user:default/pia': [
    'user:default/pia',
    'group:default/team-shop',
    'group:default/release-managers',
  ],
  // team-shop, a release manager too.
  'user:default/rita': [
    'user:default/rita',
    'group:default/team-shop',
    'group:default/release-managers',
  ],
  'user:default/otto': ['user:default/otto', 'group:default/team-bank'],
  // team-shop, an operator: may deploy anywhere in shop, but may run only
  // workflows that do not themselves deploy to production.
  'user:default/ivan': [
    'user:default/ivan',
    'group:default/team-shop',
    'group:default/operators',
  ],
};

const ENV_MANAGERS = ['user:default/pia', 'user:default/rita'];
const OPERATOR = 'user:default/ivan';

/**
 * A policy as a Berth installation would write it: ada may do anything;
 * members of a project's owner may read (or see runs they started), run and
 * approve its workflows, and change them; olivia may not create or change
 * workflows that deploy to production, nor deploy to production
 * environments; ivan may deploy to every environment of shop, but run
 * only workflows that do not target production; nobody else may do
 * anything.
 */
export function workflowPolicy(): PermissionsService {
  const decide = (permission: ResourcePermission, who: string) => {
    const claims = claimsOf[who];
    if (!claims) return { result: AuthorizeResult.DENY };
    if (who === 'user:default/ada') return { result: AuthorizeResult.ALLOW };
    const owner = { claims };
    if (permission.resourceType === BERTH_ENVIRONMENT_RESOURCE_TYPE) {
      const mayProduction =
        permission.name !== berthEnvironmentDeployPermission.name ||
        ENV_MANAGERS.includes(who) ||
        who === OPERATOR;
      return createBerthEnvironmentConditionalDecision(
        permission as any,
        mayProduction
          ? berthEnvironmentConditions.isProjectOwner(owner)
          : {
              allOf: [
                berthEnvironmentConditions.isProjectOwner(owner),
                {
                  not: berthEnvironmentConditions.hasTier({
                    tiers: ['production'],
                  }),
                },
              ],
            },
      );
    }
    if (permission.resourceType !== BERTH_WORKFLOW_RESOURCE_TYPE) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (permission.name === berthWorkflowReadPermission.name) {
      return createBerthWorkflowConditionalDecision(permission as any, {
        anyOf: [c.isProjectOwner(owner), c.isRunCreator(owner)],
      });
    }
    if (
      permission.name === berthWorkflowRunPermission.name &&
      who === OPERATOR
    ) {
      return createBerthWorkflowConditionalDecision(permission as any, {
        allOf: [
          c.isProjectOwner(owner),
          { not: c.hasTargetTier({ tiers: ['production'] }) },
        ],
      });
    }
    if (
      permission.name === berthWorkflowRunPermission.name ||
      permission.name === berthWorkflowApprovePermission.name ||
      ENV_MANAGERS.includes(who)
    ) {
      return createBerthWorkflowConditionalDecision(
        permission as any,
        c.isProjectOwner(owner),
      );
    }
    return createBerthWorkflowConditionalDecision(permission as any, {
      allOf: [
        c.isProjectOwner(owner),
        { not: c.hasTargetTier({ tiers: ['production'] }) },
      ],
    });
  };
  return {
    authorize: async () => {
      throw new Error('Berth asks for conditional decisions');
    },
    authorizeConditional: async (requests, { credentials }) =>
      requests.map(r =>
        decide(
          r.permission as ResourcePermission,
          (credentials.principal as { userEntityRef?: string }).userEntityRef ??
            '',
        ),
      ) as any,
  };
}
