import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  BERTH_SANDBOX_RESOURCE_TYPE,
  ENVIRONMENT_TIERS,
  EnvironmentTier,
} from '@berth/plugin-berth-common';
import { z } from 'zod';

/**
 * A sandbox as the permission rules see it: who created it, its project and
 * the project's owner, and the tier and cluster of its base environment.
 * For a sandbox about to be created, `id` is empty and `createdBy` is the
 * caller.
 *
 * @public
 */
export interface SandboxPermissionResource {
  id: string;
  projectRef: string;
  ownerRef?: string;
  createdBy: string;
  baseTier: EnvironmentTier;
  cluster: string;
}

/**
 * What a rule becomes for a list: the field must hold one of `values`.
 * Sandbox lists are filtered in memory (see AuthorizedSandboxes), so this
 * is for policies and tools that ask for the query form.
 *
 * @public
 */
export interface SandboxPermissionQuery {
  field: 'createdBy' | 'ownerRef' | 'baseTier' | 'cluster';
  values: string[];
}

/** @public */
export const sandboxResourceRef = createPermissionResourceRef<
  SandboxPermissionResource,
  SandboxPermissionQuery
>().with({
  pluginId: 'berth',
  resourceType: BERTH_SANDBOX_RESOURCE_TYPE,
});

const claimsSchema = z.object({
  claims: z
    .array(z.string())
    .describe('Ownership entity refs of the user, from userInfo'),
});

const isSandboxCreator = createPermissionRule({
  name: 'IS_SANDBOX_CREATOR',
  description:
    'Allow when the user created the sandbox (or is creating it: the sandbox-to-be of a create)',
  resourceRef: sandboxResourceRef,
  paramsSchema: claimsSchema,
  apply: (resource, { claims }) => claims.includes(resource.createdBy),
  toQuery: ({ claims }) => ({ field: 'createdBy', values: claims }),
});

const isProjectOwner = createPermissionRule({
  name: 'IS_PROJECT_OWNER',
  description:
    "Allow when the user (or a group they belong to) owns the sandbox's project System",
  resourceRef: sandboxResourceRef,
  paramsSchema: claimsSchema,
  apply: (resource, { claims }) =>
    resource.ownerRef !== undefined && claims.includes(resource.ownerRef),
  toQuery: ({ claims }) => ({ field: 'ownerRef', values: claims }),
});

const hasBaseTier = createPermissionRule({
  name: 'HAS_BASE_TIER',
  description:
    "Allow when the sandbox's base environment is of one of the given tiers (use with `not` to keep a tier out)",
  resourceRef: sandboxResourceRef,
  paramsSchema: z.object({
    tiers: z.array(z.enum(ENVIRONMENT_TIERS)).describe('Environment tiers'),
  }),
  apply: (resource, { tiers }) => tiers.includes(resource.baseTier),
  toQuery: ({ tiers }) => ({ field: 'baseTier', values: tiers }),
});

/** @public */
export const berthSandboxRules = {
  isSandboxCreator,
  isProjectOwner,
  hasBaseTier,
};

const exported = createConditionExports({
  resourceRef: sandboxResourceRef,
  rules: berthSandboxRules,
});

/**
 * Conditions for policies on Berth sandboxes, e.g.
 * `berthSandboxConditions.isSandboxCreator({ claims: user.info.ownershipEntityRefs })`.
 *
 * @public
 */
export const berthSandboxConditions = exported.conditions;

/** @public */
export const createBerthSandboxConditionalDecision =
  exported.createConditionalDecision;
