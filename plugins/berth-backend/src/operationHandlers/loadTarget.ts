import { NotFoundError } from '@backstage/errors';
import { BerthProject } from '@berth/plugin-berth-common';
import {
  EnvironmentStore,
  StoredEnvironment,
} from '../database/EnvironmentStore';
import { ProjectService } from '../projects/ProjectService';
import { StoredOperation } from '../operations/OperationStore';

/** What handlers of environment operations read when they run. */
export interface TargetDeps {
  environments: EnvironmentStore;
  projects: ProjectService;
}

/**
 * The operation's environment and project as they are now (settings may
 * have changed while it was queued). NotFoundError, saying so, when the
 * environment is gone.
 */
export async function loadTarget(
  deps: TargetDeps,
  operation: StoredOperation,
): Promise<{ environment: StoredEnvironment; project: BerthProject }> {
  if (!operation.environmentId) {
    throw new Error(`Operation ${operation.id} names no environment`);
  }
  const environment = await deps.environments
    .getById(operation.environmentId)
    .catch(error => {
      if (error instanceof NotFoundError) {
        throw new NotFoundError(
          `Environment ${operation.environmentId} no longer exists`,
        );
      }
      throw error;
    });
  const project = await deps.projects.getProject(environment.projectRef);
  return { environment, project };
}
