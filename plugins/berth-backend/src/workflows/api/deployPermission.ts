import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  berthEnvironmentDeployPermission,
  WorkflowDefinition,
} from '@berth/plugin-berth-common';
import {
  allTargets,
  deployTargetsOf,
  KnownParams,
  TargetEnvironment,
} from './deployTargets';

/** The environments of a project (the environment store, unfiltered). */
export interface ProjectEnvironments {
  list(filter: { projectRef: string }): Promise<TargetEnvironment[]>;
}

/** Deploy permission on one environment (AuthorizedEnvironments.get, audited). */
export interface EnvironmentDeployCheck {
  get(
    credentials: BackstageCredentials,
    id: string,
    permission: typeof berthEnvironmentDeployPermission,
  ): Promise<unknown>;
}

/**
 * The environment ids a run of `definition` with `params` may deploy to:
 * its deploy jobs' environments among the project's `environments` (see
 * deployTargetsOf), and any value naming none of them (maybe another
 * project's environment id).
 */
export function deployEnvironmentIds(
  definition: WorkflowDefinition,
  environments: TargetEnvironment[],
  params: KnownParams,
): string[] {
  const targets = deployTargetsOf(definition, environments, params);
  return [
    ...new Set([
      ...allTargets(targets).map(e => e.id),
      ...targets.flatMap(t => t.unmatched),
    ]),
  ];
}

/**
 * Throws (the check's NotAllowedError, audited by it) unless the caller may
 * deploy to each of `ids`; ids of no environment are left to fail in the job.
 */
export async function assertMayDeployTo(
  check: EnvironmentDeployCheck,
  credentials: BackstageCredentials,
  ids: Iterable<string>,
): Promise<void> {
  for (const id of ids) {
    try {
      await check.get(credentials, id, berthEnvironmentDeployPermission);
    } catch (error) {
      if ((error as Error).name !== NotFoundError.name) throw error;
    }
  }
}
