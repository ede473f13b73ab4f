import { usePermission } from '@backstage/plugin-permission-react';
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

/** Asks the permission framework about one environment. */
export function useEnvironmentPermissions(id: string): EnvironmentPermissions {
  const canDeploy = usePermission({
    permission: berthEnvironmentDeployPermission,
    resourceRef: id,
  }).allowed;
  const canUpdate = usePermission({
    permission: berthEnvironmentUpdatePermission,
    resourceRef: id,
  }).allowed;
  const canDelete = usePermission({
    permission: berthEnvironmentDeletePermission,
    resourceRef: id,
  }).allowed;
  const canCopy = usePermission({
    permission: berthEnvironmentCopyPermission,
    resourceRef: id,
  }).allowed;
  const canCopyProduction = usePermission({
    permission: berthEnvironmentCopyProductionPermission,
    resourceRef: id,
  }).allowed;
  const canSleep = usePermission({
    permission: berthEnvironmentSleepPermission,
    resourceRef: id,
  }).allowed;
  const canConfig = usePermission({
    permission: berthEnvironmentConfigPermission,
    resourceRef: id,
  }).allowed;
  const canRollback = usePermission({
    permission: berthEnvironmentRollbackPermission,
    resourceRef: id,
  }).allowed;
  return {
    canDeploy,
    canUpdate,
    canDelete,
    canCopy,
    canCopyProduction,
    canSleep,
    canConfig,
    canRollback,
  };
}
