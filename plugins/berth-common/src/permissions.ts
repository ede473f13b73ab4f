import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The resource type of a Berth environment in the permission framework.
 * Conditional decisions on it are answered by the rules the Berth backend registers.
 *
 * @public
 */
export const BERTH_ENVIRONMENT_RESOURCE_TYPE = 'berth-environment';

/**
 * See the environments in a project and their status.
 *
 * @public
 */
export const berthEnvironmentReadPermission = createPermission({
  name: 'berth.environment.read',
  attributes: { action: 'read' },
  resourceType: BERTH_ENVIRONMENT_RESOURCE_TYPE,
});

/**
 * Create an environment. Authorized against the environment to be created,
 * so policies can look at its project, tier and cluster.
 *
 * @public
 */
export const berthEnvironmentCreatePermission = createPermission({
  name: 'berth.environment.create',
  attributes: { action: 'create' },
  resourceType: BERTH_ENVIRONMENT_RESOURCE_TYPE,
});

/**
 * Change an environment's settings (values, overrides, pinned revisions).
 *
 * @public
 */
export const berthEnvironmentUpdatePermission = createPermission({
  name: 'berth.environment.update',
  attributes: { action: 'update' },
  resourceType: BERTH_ENVIRONMENT_RESOURCE_TYPE,
});

/**
 * Deploy services into an environment.
 *
 * @public
 */
export const berthEnvironmentDeployPermission = createPermission({
  name: 'berth.environment.deploy',
  attributes: { action: 'update' },
  resourceType: BERTH_ENVIRONMENT_RESOURCE_TYPE,
});

/**
 * Restart or scale the services of an environment.
 *
 * @public
 */
export const berthEnvironmentScalePermission = createPermission({
  name: 'berth.environment.scale',
  attributes: { action: 'update' },
  resourceType: BERTH_ENVIRONMENT_RESOURCE_TYPE,
});

/**
 * Delete an environment.
 *
 * @public
 */
export const berthEnvironmentDeletePermission = createPermission({
  name: 'berth.environment.delete',
  attributes: { action: 'delete' },
  resourceType: BERTH_ENVIRONMENT_RESOURCE_TYPE,
});

/**
 * Copy an environment into a new one. Authorized against the source
 * environment; the new environment is also checked with the create permission.
 *
 * @public
 */
export const berthEnvironmentCopyPermission = createPermission({
  name: 'berth.environment.copy',
  attributes: { action: 'create' },
  resourceType: BERTH_ENVIRONMENT_RESOURCE_TYPE,
});

/**
 * Copy an environment whose tier is production: asked in addition to the copy
 * permission, so production data and settings need a grant of their own.
 *
 * @public
 */
export const berthEnvironmentCopyProductionPermission = createPermission({
  name: 'berth.environment.copy.production',
  attributes: { action: 'create' },
  resourceType: BERTH_ENVIRONMENT_RESOURCE_TYPE,
});

/**
 * Put an environment to sleep, wake it, and set its sleep/wake schedules.
 *
 * @public
 */
export const berthEnvironmentSleepPermission = createPermission({
  name: 'berth.environment.sleep',
  attributes: { action: 'update' },
  resourceType: BERTH_ENVIRONMENT_RESOURCE_TYPE,
});

/**
 * Manage an environment's configs (ConfigMaps, Secrets, Ingresses, PVCs).
 *
 * @public
 */
export const berthEnvironmentConfigPermission = createPermission({
  name: 'berth.environment.config',
  attributes: { action: 'update' },
  resourceType: BERTH_ENVIRONMENT_RESOURCE_TYPE,
});

/**
 * Roll a service of an environment back to an earlier deployment.
 *
 * @public
 */
export const berthEnvironmentRollbackPermission = createPermission({
  name: 'berth.environment.rollback',
  attributes: { action: 'update' },
  resourceType: BERTH_ENVIRONMENT_RESOURCE_TYPE,
});

/**
 * Create an environment in a namespace that exists and that Berth did not
 * create (`adoptNamespace`), outside the cluster's
 * `berth.clusters.<cluster>.adoptableNamespaces` patterns. Authorized against
 * the environment to be created, so policies can look at its project and
 * cluster. Namespaces holding Helm releases or objects Berth did not make are
 * refused whatever the policy says.
 *
 * @public
 */
export const berthNamespaceAdoptPermission = createPermission({
  name: 'berth.namespace.adopt',
  attributes: { action: 'create' },
  resourceType: BERTH_ENVIRONMENT_RESOURCE_TYPE,
});

/**
 * Every permission on environments, for registration with the permission framework.
 *
 * @public
 */
export const berthEnvironmentPermissions = [
  berthEnvironmentReadPermission,
  berthEnvironmentCreatePermission,
  berthEnvironmentUpdatePermission,
  berthEnvironmentDeployPermission,
  berthEnvironmentScalePermission,
  berthEnvironmentDeletePermission,
  berthEnvironmentCopyPermission,
  berthEnvironmentCopyProductionPermission,
  berthEnvironmentSleepPermission,
  berthEnvironmentConfigPermission,
  berthEnvironmentRollbackPermission,
  berthNamespaceAdoptPermission,
];

/**
 * The resource type of a Berth project (a catalog System) in the permission
 * framework. Conditional decisions on it are answered by the rules the Berth
 * backend registers; the resource ref is the System's entity ref.
 *
 * @public
 */
export const BERTH_PROJECT_RESOURCE_TYPE = 'berth-project';

/**
 * See a project, its services, their revisions and charts.
 *
 * @public
 */
export const berthProjectReadPermission = createPermission({
  name: 'berth.project.read',
  attributes: { action: 'read' },
  resourceType: BERTH_PROJECT_RESOURCE_TYPE,
});

/**
 * Change a project: its services and their revisions, start order and
 * project-wide values, Helm imports, chart upgrades and values syncs, and
 * the chart listing, inspection and uploads that lead to an import.
 *
 * @public
 */
export const berthProjectUpdatePermission = createPermission({
  name: 'berth.project.update',
  attributes: { action: 'update' },
  resourceType: BERTH_PROJECT_RESOURCE_TYPE,
});

/**
 * Every permission on projects, for registration with the permission framework.
 *
 * @public
 */
export const berthProjectPermissions = [
  berthProjectReadPermission,
  berthProjectUpdatePermission,
];

/**
 * The resource type of a Berth workflow. Rules the backend registers: project
 * owner, target tier, target cluster; runs are also checked against the
 * environments they deploy to.
 *
 * @public
 */
export const BERTH_WORKFLOW_RESOURCE_TYPE = 'berth-workflow';

/**
 * See a project's workflows, their runs and logs (lists are filtered in SQL).
 *
 * @public
 */
export const berthWorkflowReadPermission = createPermission({
  name: 'berth.workflow.read',
  attributes: { action: 'read' },
  resourceType: BERTH_WORKFLOW_RESOURCE_TYPE,
});

/**
 * Create a workflow in a project.
 *
 * @public
 */
export const berthWorkflowCreatePermission = createPermission({
  name: 'berth.workflow.create',
  attributes: { action: 'create' },
  resourceType: BERTH_WORKFLOW_RESOURCE_TYPE,
});

/**
 * Edit a workflow (a new revision), enable or disable it.
 *
 * @public
 */
export const berthWorkflowUpdatePermission = createPermission({
  name: 'berth.workflow.update',
  attributes: { action: 'update' },
  resourceType: BERTH_WORKFLOW_RESOURCE_TYPE,
});

/**
 * Delete a workflow with its runs.
 *
 * @public
 */
export const berthWorkflowDeletePermission = createPermission({
  name: 'berth.workflow.delete',
  attributes: { action: 'delete' },
  resourceType: BERTH_WORKFLOW_RESOURCE_TYPE,
});

/**
 * Start, cancel, retry and rerun runs of a workflow (a run also needs
 * `berth.environment.deploy` on every environment it deploys to).
 *
 * @public
 */
export const berthWorkflowRunPermission = createPermission({
  name: 'berth.workflow.run',
  attributes: { action: 'update' },
  resourceType: BERTH_WORKFLOW_RESOURCE_TYPE,
});

/**
 * Approve or reject an approval job (the caller must also be among its
 * approvers, and not the run's creator unless the job allows it).
 *
 * @public
 */
export const berthWorkflowApprovePermission = createPermission({
  name: 'berth.workflow.approve',
  attributes: { action: 'update' },
  resourceType: BERTH_WORKFLOW_RESOURCE_TYPE,
});

/**
 * The prefix of a run's resource ref of type `berth-workflow`: `run:<run id>`
 * stands for the run's workflow as seen with that run (its creator), so that
 * run-level rules (`isRunCreator`) decide for it.
 *
 * @public
 */
export const WORKFLOW_RUN_RESOURCE_PREFIX = 'run:';

/**
 * The resource ref to ask workflow permissions (run, approve) about one run.
 *
 * @public
 */
export const workflowRunResourceRef = (runId: string) =>
  `${WORKFLOW_RUN_RESOURCE_PREFIX}${runId}`;

/**
 * The prefix of a resource ref that stands for something new in a project:
 * `new-in:<project ref>`. For `berth-environment`, a new development-tier
 * environment with no cluster yet; for `berth-workflow`, a new workflow with
 * no targets; both with the project's owner. It answers the project-level
 * create checks of the portal.
 *
 * @public
 */
export const NEW_IN_PROJECT_RESOURCE_PREFIX = 'new-in:';

/**
 * The resource ref to ask a create permission (`berth.environment.create`,
 * `berth.workflow.create`) about a project, e.g. `system:default/shop`:
 * whether to offer "Create" there. The backend still authorizes the real
 * request against what it creates.
 *
 * @public
 */
export const newInProjectResourceRef = (projectRef: string) =>
  `${NEW_IN_PROJECT_RESOURCE_PREFIX}${projectRef}`;

/** @public */
export const berthWorkflowPermissions = [
  berthWorkflowReadPermission,
  berthWorkflowCreatePermission,
  berthWorkflowUpdatePermission,
  berthWorkflowDeletePermission,
  berthWorkflowRunPermission,
  berthWorkflowApprovePermission,
];

/**
 * The resource type of a Berth sandbox. Rules the backend registers: the
 * sandbox's creator, the project's owner, the base environment's tier.
 *
 * @public
 */
export const BERTH_SANDBOX_RESOURCE_TYPE = 'berth-sandbox';

/**
 * See a sandbox: its forks, routes, preview host and explain route.
 *
 * @public
 */
export const berthSandboxReadPermission = createPermission({
  name: 'berth.sandbox.read',
  attributes: { action: 'read' },
  resourceType: BERTH_SANDBOX_RESOURCE_TYPE,
});

/**
 * Create a sandbox. Authorized against the sandbox to be created (its
 * creator, project and base tier); the caller also needs
 * `berth.environment.read` on the base.
 *
 * @public
 */
export const berthSandboxCreatePermission = createPermission({
  name: 'berth.sandbox.create',
  attributes: { action: 'create' },
  resourceType: BERTH_SANDBOX_RESOURCE_TYPE,
});

/**
 * Extend a sandbox's life or change its forks.
 *
 * @public
 */
export const berthSandboxUpdatePermission = createPermission({
  name: 'berth.sandbox.update',
  attributes: { action: 'update' },
  resourceType: BERTH_SANDBOX_RESOURCE_TYPE,
});

/**
 * Delete a sandbox.
 *
 * @public
 */
export const berthSandboxDeletePermission = createPermission({
  name: 'berth.sandbox.delete',
  attributes: { action: 'delete' },
  resourceType: BERTH_SANDBOX_RESOURCE_TYPE,
});

/** @public */
export const berthSandboxPermissions = [
  berthSandboxReadPermission,
  berthSandboxCreatePermission,
  berthSandboxUpdatePermission,
  berthSandboxDeletePermission,
];

/**
 * Every permission Berth defines.
 *
 * @public
 */
export const berthPermissions = [
  ...berthEnvironmentPermissions,
  ...berthProjectPermissions,
  ...berthWorkflowPermissions,
  ...berthSandboxPermissions,
];
