import { usePermission } from '@backstage/plugin-permission-react';
import {
  berthEnvironmentDeletePermission,
  berthEnvironmentDeployPermission,
  berthEnvironmentUpdatePermission,
} from '@berth/plugin-berth-common';

/** What the user may do with an environment; false while the answers load. */
export interface EnvironmentPermissions {
  /** Deploy, restart and scale services. */
  canDeploy: boolean;
  /** Change the settings of services (revision, values, images). */
  canUpdate: boolean;
  canDelete: boolean;
}

/** Asks the permission framework about one environment. */
export function useEnvironmentPermissions(id: string): EnvironmentPermissions {
  const deploy = usePermission({
    permission: berthEnvironmentDeployPermission,
    resourceRef: id,
  });
  const update = usePermission({
    permission: berthEnvironmentUpdatePermission,
    resourceRef: id,
  });
  const remove = usePermission({
    permission: berthEnvironmentDeletePermission,
    resourceRef: id,
  });
  return {
    canDeploy: deploy.allowed,
    canUpdate: update.allowed,
    canDelete: remove.allowed,
  };
}
