import { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  berthEnvironmentConfigPermission,
  berthEnvironmentCopyPermission,
  berthEnvironmentCopyProductionPermission,
  berthEnvironmentDeletePermission,
  berthEnvironmentDeployPermission,
  berthEnvironmentRollbackPermission,
  berthEnvironmentSleepPermission,
  berthEnvironmentUpdatePermission,
} from '@berth/plugin-berth-common';
import { useResourcePermissions } from './useResourcePermissions';

/** What the user may do with an environment; false while the answers load. */
export interface EnvironmentPermissions {
  /** Deploy, restart and scale services. */
  canDeploy: boolean;
  /** Change the settings of services (revision, values, images). */
  canUpdate: boolean;
  canDelete: boolean;
  /** Copy it into a new environment. */
  canCopy: boolean;
  /** Copy it when it is a production environment (asked in addition to copy). */
  canCopyProduction: boolean;
  /** Sleep, wake and set the schedules. */
  canSleep: boolean;
  /** Manage its ConfigMaps, Secrets, Ingresses and PVCs. */
  canConfig: boolean;
  /** Roll services back to an earlier deployment. */
  canRollback: boolean;
}

const environmentPermissions: Record<
  keyof EnvironmentPermissions,
  ResourcePermission
> = {
  canDeploy: berthEnvironmentDeployPermission,
  canUpdate: berthEnvironmentUpdatePermission,
  canDelete: berthEnvironmentDeletePermission,
  canCopy: berthEnvironmentCopyPermission,
  canCopyProduction: berthEnvironmentCopyProductionPermission,
  canSleep: berthEnvironmentSleepPermission,
  canConfig: berthEnvironmentConfigPermission,
  canRollback: berthEnvironmentRollbackPermission,
};

/** Asks the permission framework about one environment. */
export function useEnvironmentPermissions(id: string): EnvironmentPermissions {
  return useResourcePermissions(id, environmentPermissions).allowed;
}
