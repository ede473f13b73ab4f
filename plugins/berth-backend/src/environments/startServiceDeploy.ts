import {
  BerthOperation,
  BerthProject,
  EnvironmentServiceSettings,
} from '@berth/plugin-berth-common';
import { OperationActor } from '../model/actor';
import { StoredEnvironment } from '../model/environment';
import { EnvironmentOperations } from '../operations/EnvironmentOperations';
import { EnvironmentService } from './EnvironmentService';

/**
 * Stores a service's new settings in an environment (already authorized)
 * and starts the operation that deploys it. Used by the REST route and the
 * deploy action.
 */
export async function startServiceDeploy(
  deps: {
    environmentService: EnvironmentService;
    environmentOperations: EnvironmentOperations;
  },
  target: {
    project: BerthProject;
    environment: StoredEnvironment;
    service: string;
    settings: EnvironmentServiceSettings;
  },
  actor: OperationActor,
): Promise<BerthOperation> {
  const { project, environment, service, settings } = target;
  await deps.environmentService.updateService(
    project,
    environment,
    service,
    settings,
  );
  return deps.environmentOperations.start(
    environment,
    {
      kind: 'deploy-service',
      title: `Deploy ${service}`,
      spec: { services: [service] },
    },
    actor,
  );
}
