import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { BerthActionDeps } from './BerthActionDeps';
import { registerCopyEnvironmentAction } from './copyEnvironmentAction';
import { registerCreateEnvironmentAction } from './createEnvironmentAction';
import { registerDeployServiceAction } from './deployServiceAction';
import { registerDeploymentHistoryAction } from './deploymentHistoryAction';
import { registerEnvironmentDriftAction } from './environmentDriftAction';
import { registerEnvironmentStatusAction } from './environmentStatusAction';
import { registerListEnvironmentsAction } from './listEnvironmentsAction';
import { registerListProjectsAction } from './listProjectsAction';
import { registerOperationStatusAction } from './operationStatusAction';
import { registerSleepWakeActions } from './sleepWakeActions';

/**
 * Registers Berth's actions (served over MCP by the mcp-actions plugin when
 * `backend.actions.pluginSources` lists `berth`): six read-only ones and five
 * destructive ones. Each goes through the authorization layer with the
 * caller's credentials, as the REST routes do.
 */
export function registerBerthActions(
  registry: ActionsRegistryService,
  deps: BerthActionDeps,
) {
  // Read-only.
  registerListProjectsAction(registry, deps);
  registerListEnvironmentsAction(registry, deps);
  registerEnvironmentStatusAction(registry, deps);
  registerEnvironmentDriftAction(registry, deps);
  registerDeploymentHistoryAction(registry, deps);
  registerOperationStatusAction(registry, deps);
  // Destructive: each starts an operation and answers its id.
  registerDeployServiceAction(registry, deps);
  registerCreateEnvironmentAction(registry, deps);
  registerCopyEnvironmentAction(registry, deps);
  registerSleepWakeActions(registry, deps);
}
