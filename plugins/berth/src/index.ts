/**
 * Berth: Kubernetes environments for the Systems in the catalog.
 *
 * This entry point is for the legacy frontend system; `/alpha` exports the
 * plugin for the new frontend system.
 *
 * @packageDocumentation
 */

export {
  berthPlugin,
  BerthPage,
  EntityBerthContent,
  EntityBerthDeploymentsContent,
  EntityBerthWorkflowRunsContent,
  EntityBerthEnvironmentContent,
} from './plugin';
export { berthApiRef } from './api';
