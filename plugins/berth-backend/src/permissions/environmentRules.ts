import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  BERTH_ENVIRONMENT_RESOURCE_TYPE,
  ENVIRONMENT_TIERS,
  EnvironmentTier,
} from '@berth/plugin-berth-common';
import { z } from 'zod';

/**
 * An environment as the permission rules see it: where it runs, its tier and
 * the owner of its project's System.
 *
 * @public
 */
export interface EnvironmentPermissionResource {
  id: string;
  projectRef: string;
  cluster: string;
  tier: EnvironmentTier;
  ownerRef?: string;
}

/**
 * A database filter a rule becomes: the column must hold one of the values.
 *
 * @public
 */
export interface EnvironmentPermissionQuery {
  column: 'owner_ref' | 'tier' | 'cluster';
  values: string[];
}

/** @public */
export const environmentResourceRef = createPermissionResourceRef<
  EnvironmentPermissionResource,
  EnvironmentPermissionQuery
>().with({
  pluginId: 'berth',
  resourceType: BERTH_ENVIRONMENT_RESOURCE_TYPE,
});

const isProjectOwner = createPermissionRule({
  name: 'IS_PROJECT_OWNER',
  description:
    "Allow when the user (or a group they belong to) owns the environment's project System",
  resourceRef: environmentResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe('Ownership entity refs of the user, from userInfo'),
  }),
  apply: (resource, { claims }) =>
    resource.ownerRef !== undefined && claims.includes(resource.ownerRef),
  toQuery: ({ claims }) => ({ column: 'owner_ref', values: claims }),
});

const hasTier = createPermissionRule({
  name: 'HAS_TIER',
  description: 'Allow when the environment is of one of the given tiers',
  resourceRef: environmentResourceRef,
  paramsSchema: z.object({
    tiers: z.array(z.enum(ENVIRONMENT_TIERS)).describe('Environment tiers'),
  }),
  apply: (resource, { tiers }) => tiers.includes(resource.tier),
  toQuery: ({ tiers }) => ({ column: 'tier', values: tiers }),
});

const isOnCluster = createPermissionRule({
  name: 'IS_ON_CLUSTER',
  description: 'Allow when the environment runs on one of the given clusters',
  resourceRef: environmentResourceRef,
  paramsSchema: z.object({
    clusters: z.array(z.string()).describe('Cluster names'),
  }),
  apply: (resource, { clusters }) => clusters.includes(resource.cluster),
  toQuery: ({ clusters }) => ({ column: 'cluster', values: clusters }),
});

/** @public */
export const berthEnvironmentRules = { isProjectOwner, hasTier, isOnCluster };

const exported = createConditionExports({
  resourceRef: environmentResourceRef,
  rules: berthEnvironmentRules,
});

/**
 * Conditions for policies on Berth environments, e.g.
 * `berthEnvironmentConditions.isProjectOwner({ claims: user.info.ownershipEntityRefs })`.
 *
 * @public
 */
export const berthEnvironmentConditions = exported.conditions;

/** @public */
export const createBerthEnvironmentConditionalDecision =
  exported.createConditionalDecision;
