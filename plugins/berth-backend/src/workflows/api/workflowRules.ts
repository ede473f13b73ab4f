import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  BERTH_WORKFLOW_RESOURCE_TYPE,
  ENVIRONMENT_TIERS,
} from '@berth/plugin-berth-common';
import { z } from 'zod';

/**
 * A workflow as the permission rules see it: its project and the project's
 * owner, the tiers and clusters of the environments it deploys to, and, when
 * the permission is asked about one run, who created that run.
 *
 * @public
 */
export interface WorkflowPermissionResource {
  /** Empty for a workflow about to be created. */
  id: string;
  projectRef: string;
  ownerRef?: string;
  targetTiers: string[];
  targetClusters: string[];
  /** Set when the question is about a run of the workflow. */
  runCreatedBy?: string;
}

/**
 * A database filter a rule becomes (see applyWorkflowFilter): the project's
 * owner, a target tier or cluster, or the run's creator is one of `values`.
 *
 * @public
 */
export interface WorkflowPermissionQuery {
  kind: 'projectOwner' | 'targetTier' | 'targetCluster' | 'runCreator';
  values: string[];
}

/** @public */
export const workflowResourceRef = createPermissionResourceRef<
  WorkflowPermissionResource,
  WorkflowPermissionQuery
>().with({
  pluginId: 'berth',
  resourceType: BERTH_WORKFLOW_RESOURCE_TYPE,
});

const isProjectOwner = createPermissionRule({
  name: 'IS_PROJECT_OWNER',
  description:
    "Allow when the user (or a group they belong to) owns the workflow's project System",
  resourceRef: workflowResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe('Ownership entity refs of the user, from userInfo'),
  }),
  apply: (resource, { claims }) =>
    resource.ownerRef !== undefined && claims.includes(resource.ownerRef),
  toQuery: ({ claims }) => ({ kind: 'projectOwner', values: claims }),
});

const hasTargetTier = createPermissionRule({
  name: 'HAS_TARGET_TIER',
  description:
    'Allow when the workflow deploys to an environment of one of the given tiers (use with `not` to keep a tier out)',
  resourceRef: workflowResourceRef,
  paramsSchema: z.object({
    tiers: z.array(z.enum(ENVIRONMENT_TIERS)).describe('Environment tiers'),
  }),
  apply: (resource, { tiers }) =>
    resource.targetTiers.some(tier => (tiers as string[]).includes(tier)),
  toQuery: ({ tiers }) => ({ kind: 'targetTier', values: tiers }),
});

const onCluster = createPermissionRule({
  name: 'IS_ON_CLUSTER',
  description:
    'Allow when the workflow deploys to an environment on one of the given clusters',
  resourceRef: workflowResourceRef,
  paramsSchema: z.object({
    clusters: z.array(z.string()).describe('Cluster names'),
  }),
  apply: (resource, { clusters }) =>
    resource.targetClusters.some(cluster => clusters.includes(cluster)),
  toQuery: ({ clusters }) => ({ kind: 'targetCluster', values: clusters }),
});

const isRunCreator = createPermissionRule({
  name: 'IS_RUN_CREATOR',
  description:
    'Allow when the run in question was started by the user (never true for a workflow itself)',
  resourceRef: workflowResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe("The user's entity ref (or its ownership entity refs)"),
  }),
  apply: (resource, { claims }) =>
    resource.runCreatedBy !== undefined &&
    claims.includes(resource.runCreatedBy),
  toQuery: ({ claims }) => ({ kind: 'runCreator', values: claims }),
});

/** @public */
export const berthWorkflowRules = {
  isProjectOwner,
  hasTargetTier,
  onCluster,
  isRunCreator,
};

const exported = createConditionExports({
  resourceRef: workflowResourceRef,
  rules: berthWorkflowRules,
});

/**
 * Conditions for policies on Berth workflows, e.g.
 * `berthWorkflowConditions.isProjectOwner({ claims: user.info.ownershipEntityRefs })`.
 *
 * @public
 */
export const berthWorkflowConditions = exported.conditions;

/** @public */
export const createBerthWorkflowConditionalDecision =
  exported.createConditionalDecision;
