import { OperationKind } from '@berth/plugin-berth-common';
import { DeployOrchestrator } from '../deployments/DeployOrchestrator';
import { startOrderGroups } from '../deployments/startOrderGroups';
import { assertAwake } from '../model/assertAwake';
import { pinRevisions, unpinnedServices } from '../environments/pinRevisions';
import { OperationContext } from '../operations/OperationContext';
import { OperationHandler } from '../operations/OperationHandler';
import { deployCheckpoints, deploySteps } from './deploySteps';
import { loadTarget, TargetDeps } from './loadTarget';

/** A deploy: all services (no `services`), or the ones named, in start order. */
export interface DeploySpec {
  services?: string[];
  /** The workflow job run that queued the deploy (a `deploy` job); kept in the records. */
  jobRunId?: string;
}

export interface DeployHandlerDeps extends TargetDeps {
  orchestrator: DeployOrchestrator;
}

/**
 * Deploys an environment's services in start order, a step per group and
 * per service; resumed, it skips what succeeded and finishes the rest.
 */
export async function runDeploy(
  deps: DeployHandlerDeps,
  context: OperationContext,
  only?: string[],
  jobRunId?: string,
): Promise<string> {
  const { operation } = context;
  const target = await loadTarget(deps, operation);
  const { project } = target;
  assertAwake(target.environment);
  // Services the project gained after the environment was made have no pin
  // yet: pinned at their latest revision now, and kept at it from then on.
  const unpinned = unpinnedServices(project, target.environment.services);
  const environment =
    unpinned.length === 0
      ? target.environment
      : await deps.environments.update(target.environment.id, {
          services: pinRevisions(project, target.environment.services),
        });
  if (unpinned.length > 0) {
    await context.log(
      `Pinned ${unpinned
        .map(
          name => `${name} at revision ${environment.services[name].revision}`,
        )
        .join(', ')}`,
    );
  }
  const known = new Set(project.services.map(s => s.name));
  const missing = (only ?? []).filter(name => !known.has(name));
  if (missing.length > 0) {
    throw new Error(
      `Project '${project.name}' no longer has service(s) ${missing.join(
        ', ',
      )}`,
    );
  }
  const groups = startOrderGroups(project, only);
  await context.plan(deploySteps(groups));
  const outcome = await deps.orchestrator.deployEnvironment({
    project,
    environment,
    actor: operation.actor,
    only,
    operationId: operation.id,
    jobRunId,
    checkpoints: deployCheckpoints(context, groups),
    signal: context.signal,
  });
  if (outcome.failed) throw new Error(outcome.message);
  const count = groups.flat().length;
  return `Deployed ${count} service${count === 1 ? '' : 's'} in ${
    groups.length
  } start-order group${groups.length === 1 ? '' : 's'}`;
}

/** Handlers for `deploy`, `deploy-service` and `redeploy-values`. */
export function deployHandlers(
  deps: DeployHandlerDeps,
): OperationHandler<DeploySpec>[] {
  const kinds: OperationKind[] = [
    'deploy',
    'deploy-service',
    'redeploy-values',
  ];
  return kinds.map(kind => ({
    kind,
    run: context =>
      runDeploy(
        deps,
        context,
        context.operation.spec.services,
        context.operation.spec.jobRunId,
      ),
  }));
}
