import { useApi } from '@backstage/core-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { berthWorkflowCreatePermission } from '@berth/plugin-berth-common';
import useAsync from 'react-use/esm/useAsync';

/**
 * Whether to offer "New workflow": a basic check of `berth.workflow.create`,
 * without a resourceRef since the workflow does not exist yet (`usePermission`
 * would deny a resource permission without one outright). The backend
 * authorizes the real request against the workflow to be created (its
 * project, owner and target tiers and clusters), so:
 *
 * - ALLOW, or a CONDITIONAL answer (it depends on the project or targets),
 *   offers it;
 * - DENY does not;
 * - a failed check also offers it, and the server's answer decides (the
 *   permission backend refuses direct user checks of resource permissions
 *   without a resourceRef; hiding it then would hide it from everyone).
 */
export function useWorkflowCreatePermission(): {
  loading: boolean;
  allowed: boolean;
} {
  const permissionApi = useApi(permissionApiRef);
  const { loading, value } = useAsync(async () => {
    try {
      const { result } = await permissionApi.authorize({
        permission: berthWorkflowCreatePermission,
      });
      return result !== AuthorizeResult.DENY;
    } catch {
      return true;
    }
  }, [permissionApi]);
  return { loading, allowed: value ?? false };
}
