import { NotFoundError } from '@backstage/errors';
import { EnvironmentStore } from '../../database/EnvironmentStore';
import { ProjectStore } from '../../projects/ProjectStore';
import { ResolveEnvironment } from '../definitions';
import { ProjectOwners } from './WorkflowSignals';

/** `resolveEnvironment` over Berth's environments: by name in the project, else by id (of that project). */
export function resolveEnvironmentFromStore(
  environments: Pick<EnvironmentStore, 'get' | 'getById'>,
): ResolveEnvironment {
  return async (projectRef, nameOrId) => {
    const found =
      (await environments.get(projectRef, nameOrId).catch(notFound)) ??
      (await environments.getById(nameOrId).catch(notFound));
    if (!found || found.projectRef !== projectRef) return undefined;
    return { id: found.id, tier: found.tier, cluster: found.cluster };
  };
}

/** The project's owner (from the catalog, as Berth stores it), for signals. */
export function projectOwnersFromStore(
  projects: Pick<ProjectStore, 'get'>,
): ProjectOwners {
  return async projectRef => {
    const project = await projects.get(projectRef).catch(notFound);
    return project?.ownerRef ? [project.ownerRef] : [];
  };
}

function notFound(error: unknown): undefined {
  if (error instanceof NotFoundError) return undefined;
  throw error;
}
