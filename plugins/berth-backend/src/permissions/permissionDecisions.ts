import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PermissionCriteria,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  createConditionTransformer,
  PermissionRule,
} from '@backstage/plugin-permission-node';

/** What a caller may list: everything, nothing, or what matches criteria. */
export type ListDecision<TQuery> =
  | { result: 'all' }
  | { result: 'none' }
  | { result: 'some'; criteria: PermissionCriteria<TQuery> };

/**
 * The permission decisions of one resource type, conditional ones evaluated
 * with the type's rules (`ruleset`, e.g. berthProjectRules): whether a caller may act on each of some resources,
 * and which of them a caller may list (the criteria of a database filter).
 */
export function permissionDecisions<TResource, TQuery>(
  ruleset: Record<string, PermissionRule<TResource, TQuery, string, any>>,
) {
  const rules = Object.values(ruleset);
  const applyConditions = createConditionAuthorizer(rules);
  const toQuery = createConditionTransformer(rules);
  const decide = async (
    permissions: PermissionsService,
    credentials: BackstageCredentials,
    permission: ResourcePermission,
  ) =>
    (
      await permissions.authorizeConditional([{ permission }], { credentials })
    )[0];
  return {
    /** For each of `resources`, whether the caller may do `permission` on it (one decision of `permissions`). */
    async allowed(
      permissions: PermissionsService,
      credentials: BackstageCredentials,
      permission: ResourcePermission,
      resources: TResource[],
    ): Promise<boolean[]> {
      const decision = await decide(permissions, credentials, permission);
      return resources.map(resource =>
        decision.result === AuthorizeResult.CONDITIONAL
          ? applyConditions(decision, resource)
          : decision.result === AuthorizeResult.ALLOW,
      );
    },
    /** Which resources the caller may list with `permission`. */
    async listable(
      permissions: PermissionsService,
      credentials: BackstageCredentials,
      permission: ResourcePermission,
    ): Promise<ListDecision<TQuery>> {
      const decision = await decide(permissions, credentials, permission);
      if (decision.result === AuthorizeResult.CONDITIONAL) {
        return {
          result: 'some',
          criteria: toQuery(decision.conditions) as PermissionCriteria<TQuery>,
        };
      }
      return {
        result: decision.result === AuthorizeResult.ALLOW ? 'all' : 'none',
      };
    },
  };
}
