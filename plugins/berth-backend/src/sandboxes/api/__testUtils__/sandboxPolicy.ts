import { PermissionsService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  BERTH_ENVIRONMENT_RESOURCE_TYPE,
  BERTH_SANDBOX_RESOURCE_TYPE,
  berthSandboxCreatePermission,
  berthSandboxUpdatePermission,
} from '@berth/plugin-berth-common';
import {
  berthEnvironmentConditions,
  createBerthEnvironmentConditionalDecision,
} from '../../../permissions/environmentRules';
import {
  berthSandboxConditions as c,
  createBerthSandboxConditionalDecision,
} from '../sandboxRules';

/**
 * The test users and their ownership claims. shop is owned by team-shop,
 * bank by team-bank; ada is the admin; ned has no claims (a user the
 * policy does not know).
 */
export const claimsOf: Record<string, string[]> = {
  'user:default/ada': ['user:default/ada', 'group:default/admins'],
  'user:default/olivia': ['user:default/olivia', 'group:default/team-shop'],
  'user:default/pia': ['user:default/pia', 'group:default/team-shop'],
  'user:default/otto': ['user:default/otto', 'group:default/team-bank'],
};

/**
 * The sandbox part of the example policy (packages/backend's
 * BerthExamplePolicy), with environments readable by their project's
 * owners only (so that a base can be unreadable): ada may do anything;
 * project owners create sandboxes of non-production bases; a creator
 * reads, updates and deletes their own; project owners read and delete the
 * project's sandboxes; anyone the policy does not know may do nothing.
 * `asked` records every permission asked about.
 */
export function sandboxPolicy(): PermissionsService & { asked: string[] } {
  const asked: string[] = [];
  const decide = (permission: ResourcePermission, who: string) => {
    asked.push(permission.name);
    const claims = claimsOf[who];
    if (!claims) return { result: AuthorizeResult.DENY };
    if (who === 'user:default/ada') return { result: AuthorizeResult.ALLOW };
    if (permission.resourceType === BERTH_ENVIRONMENT_RESOURCE_TYPE) {
      return createBerthEnvironmentConditionalDecision(
        permission as any,
        berthEnvironmentConditions.isProjectOwner({ claims }),
      );
    }
    if (permission.resourceType !== BERTH_SANDBOX_RESOURCE_TYPE) {
      return { result: AuthorizeResult.DENY };
    }
    const isCreator = c.isSandboxCreator({ claims: [who] });
    const isOwner = c.isProjectOwner({ claims });
    if (permission.name === berthSandboxCreatePermission.name) {
      return createBerthSandboxConditionalDecision(permission as any, {
        allOf: [isOwner, { not: c.hasBaseTier({ tiers: ['production'] }) }],
      });
    }
    if (permission.name === berthSandboxUpdatePermission.name) {
      return createBerthSandboxConditionalDecision(
        permission as any,
        isCreator,
      );
    }
    return createBerthSandboxConditionalDecision(permission as any, {
      anyOf: [isCreator, isOwner],
    });
  };
  return {
    asked,
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
