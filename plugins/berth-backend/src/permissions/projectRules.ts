import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { BERTH_PROJECT_RESOURCE_TYPE } from '@berth/plugin-berth-common';
import { z } from 'zod';

/**
 * A project as the permission rules see it: the System's entity ref and its
 * owner, as last read from the catalog.
 *
 * @public
 */
export interface ProjectPermissionResource {
  ref: string;
  ownerRef?: string;
}

/**
 * A filter a rule becomes: the column of `berth_projects` must hold one of
 * the values.
 *
 * @public
 */
export interface ProjectPermissionQuery {
  column: 'owner_ref' | 'ref';
  values: string[];
}

/** @public */
export const projectResourceRef = createPermissionResourceRef<
  ProjectPermissionResource,
  ProjectPermissionQuery
>().with({
  pluginId: 'berth',
  resourceType: BERTH_PROJECT_RESOURCE_TYPE,
});

const isProjectOwner = createPermissionRule({
  name: 'IS_PROJECT_OWNER',
  description:
    "Allow when the user (or a group they belong to) owns the project's System",
  resourceRef: projectResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe('Ownership entity refs of the user, from userInfo'),
  }),
  apply: (resource, { claims }) =>
    resource.ownerRef !== undefined && claims.includes(resource.ownerRef),
  toQuery: ({ claims }) => ({ column: 'owner_ref', values: claims }),
});

const isProject = createPermissionRule({
  name: 'IS_PROJECT',
  description: 'Allow when the project is one of the given Systems',
  resourceRef: projectResourceRef,
  paramsSchema: z.object({
    refs: z
      .array(z.string())
      .describe('Entity refs of the Systems, e.g. system:default/shop'),
  }),
  apply: (resource, { refs }) => refs.includes(resource.ref),
  toQuery: ({ refs }) => ({ column: 'ref', values: refs }),
});

/** @public */
export const berthProjectRules = { isProjectOwner, isProject };

const exported = createConditionExports({
  resourceRef: projectResourceRef,
  rules: berthProjectRules,
});

/**
 * Conditions for policies on Berth projects, e.g.
 * `berthProjectConditions.isProjectOwner({ claims: user.info.ownershipEntityRefs })`.
 *
 * @public
 */
export const berthProjectConditions = exported.conditions;

/** @public */
export const createBerthProjectConditionalDecision =
  exported.createConditionalDecision;
