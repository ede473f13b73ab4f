import { NotFoundError } from '@backstage/errors';
import { ProjectService } from '../../projects/ProjectService';

import { ProjectOwners } from '../engine/WorkflowSignals';

export type { ProjectOwners };

/** A project's owners as Berth knows them: the System's owner (none for a project that is gone). */
export function projectOwnersOf(
  projects: Pick<ProjectService, 'getProject'>,
): ProjectOwners {
  return async projectRef => {
    try {
      const project = await projects.getProject(projectRef);
      return project.ownerRef ? [project.ownerRef] : [];
    } catch (error) {
      if (error instanceof NotFoundError) return [];
      throw error;
    }
  };
}
