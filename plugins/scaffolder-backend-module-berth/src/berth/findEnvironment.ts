import { InputError, NotFoundError } from '@backstage/errors';
import { BerthApi, BerthEnvironment } from '@berth/plugin-berth-common';
import { projectRefOf } from './projectRef';

/** An environment named in an action's input: its id, or a System and a name. */
export interface EnvironmentSelector {
  environmentId?: string;
  system?: string;
  environment?: string;
}

/**
 * The environment an input names: by id (`environmentId`), or by `system`
 * and `environment` (its name in that project), read as the initiator (so
 * one they may not read is not found).
 */
export async function findEnvironment(
  client: Pick<BerthApi, 'getEnvironment' | 'listEnvironments'>,
  selector: EnvironmentSelector,
  what = 'environment',
): Promise<BerthEnvironment> {
  const { environmentId, system, environment } = selector;
  if (environmentId) {
    if (system || environment) {
      throw new InputError(
        `Name the ${what} by its id or by system and name, not both`,
      );
    }
    return client.getEnvironment(environmentId);
  }
  if (!system || !environment) {
    throw new InputError(
      `Name the ${what}: give its id, or the system and the environment's name`,
    );
  }
  const project = projectRefOf(system);
  const found = (await client.listEnvironments(project)).find(
    e => e.name === environment,
  );
  if (!found) {
    throw new NotFoundError(
      `Project '${project.ref}' has no environment named '${environment}' that you may read`,
    );
  }
  return found;
}
