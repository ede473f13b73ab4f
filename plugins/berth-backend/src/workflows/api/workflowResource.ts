import { NotFoundError } from '@backstage/errors';
import { BerthWorkflow } from '@berth/plugin-berth-common';
import { WorkflowPermissionResource } from './workflowRules';

/** Where the owner of a project is read (the project store). */
export interface ProjectOwners {
  get(ref: string): Promise<{ ref: string; ownerRef?: string }>;
}

/** The owner of project `ref`; undefined when it is no longer a project. */
export async function ownerOf(
  projects: ProjectOwners,
  ref: string,
): Promise<string | undefined> {
  try {
    return (await projects.get(ref)).ownerRef;
  } catch (error) {
    if ((error as Error).name === NotFoundError.name) return undefined;
    throw error;
  }
}

/** A stored workflow as the permission rules see it. */
export async function workflowResource(
  projects: ProjectOwners,
  workflow: BerthWorkflow,
  runCreatedBy?: string,
): Promise<WorkflowPermissionResource & { name: string }> {
  return {
    id: workflow.id,
    name: workflow.name,
    projectRef: workflow.projectRef,
    ownerRef: await ownerOf(projects, workflow.projectRef),
    targetTiers: workflow.targets.tiers,
    targetClusters: workflow.targets.clusters,
    ...(runCreatedBy !== undefined ? { runCreatedBy } : {}),
  };
}

/**
 * The resource the permission framework loads by id (`getResources` of the
 * resource type the plugin registers): undefined for an unknown workflow.
 */
export function workflowResourceLoader(deps: {
  service: { getWorkflow(id: string): Promise<BerthWorkflow> };
  projects: ProjectOwners;
}) {
  return (ids: string[]) =>
    Promise.all(
      ids.map(id =>
        deps.service
          .getWorkflow(id)
          .then(workflow => workflowResource(deps.projects, workflow))
          .catch(() => undefined),
      ),
    );
}
