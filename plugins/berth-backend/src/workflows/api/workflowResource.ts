import { NotFoundError } from '@backstage/errors';
import {
  BerthWorkflow,
  NEW_IN_PROJECT_RESOURCE_PREFIX,
  WORKFLOW_RUN_RESOURCE_PREFIX,
} from '@berth/plugin-berth-common';
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
 * resource type the plugin registers): a workflow id, `run:<run id>` for
 * a run's workflow with the run's creator (so that rules such as
 * `isRunCreator` decide per run, as the routes do), or `new-in:<project
 * ref>` for a new workflow of the project (no targets); undefined for an
 * unknown workflow, run or project.
 */
export function workflowResourceLoader(deps: {
  service: {
    getWorkflow(id: string): Promise<BerthWorkflow>;
    getRun(id: string): Promise<{ workflowId: string; createdBy: string }>;
  };
  projects: ProjectOwners;
}) {
  const load = async (ref: string) => {
    if (ref.startsWith(NEW_IN_PROJECT_RESOURCE_PREFIX)) {
      const projectRef = ref.slice(NEW_IN_PROJECT_RESOURCE_PREFIX.length);
      const project = await deps.projects.get(projectRef);
      return {
        id: '',
        name: '',
        projectRef: project.ref,
        ownerRef: project.ownerRef,
        targetTiers: [],
        targetClusters: [],
      };
    }
    if (!ref.startsWith(WORKFLOW_RUN_RESOURCE_PREFIX)) {
      return workflowResource(
        deps.projects,
        await deps.service.getWorkflow(ref),
      );
    }
    const run = await deps.service.getRun(
      ref.slice(WORKFLOW_RUN_RESOURCE_PREFIX.length),
    );
    return workflowResource(
      deps.projects,
      await deps.service.getWorkflow(run.workflowId),
      run.createdBy,
    );
  };
  return (refs: string[]) =>
    Promise.all(refs.map(ref => load(ref).catch(() => undefined)));
}
