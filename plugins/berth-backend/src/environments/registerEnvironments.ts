import { BerthOperation } from '@berth/plugin-berth-common';
import { OperationActor } from '../model/actor';
import { StoredEnvironment } from '../model/environment';
import { EnvironmentOperations } from '../operations/EnvironmentOperations';
import { EnvironmentPlan, EnvironmentService } from './EnvironmentService';

/**
 * Stores planned environments (already authorized) with the operation that
 * makes each one's namespace and deploys it, in one transaction: a crash
 * leaves both or neither. Used by the REST route and the create action.
 */
export function registerEnvironments(
  deps: {
    environmentService: EnvironmentService;
    environmentOperations: EnvironmentOperations;
  },
  plans: EnvironmentPlan[],
  actor: OperationActor,
): Promise<{ created: StoredEnvironment[]; operations: BerthOperation[] }> {
  return deps.environmentOperations.transaction(async tx => {
    const created = [];
    const operations = [];
    for (const plan of plans) {
      const environment = await deps.environmentService.register(
        plan,
        actor.ref,
        tx,
      );
      created.push(environment);
      operations.push(
        await deps.environmentOperations.start(
          environment,
          {
            kind: 'create',
            title: plan.deploy
              ? `Create and deploy ${plan.name}`
              : `Create ${plan.name}`,
            spec: {
              adoptNamespace: plan.adoptNamespace,
              deploy: plan.deploy,
            },
          },
          actor,
          tx,
        ),
      );
    }
    return { created, operations };
  });
}
