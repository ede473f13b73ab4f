import { useApi } from '@backstage/core-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { berthEnvironmentCreatePermission } from '@berth/plugin-berth-common';
import useAsync from 'react-use/esm/useAsync';

/**
 * Whether to offer "Create environment": a basic check of
 * `berth.environment.create`, without a resourceRef since the environment does
 * not exist yet (`usePermission` would deny a resource permission without one
 * outright). The backend authorizes the real request against the environment
 * to be created, so:
 *
 * - ALLOW, or a CONDITIONAL answer (it depends on project, tier or cluster),
 *   offers the button;
 * - DENY hides it;
 * - a failed check also offers it, and the server's answer decides: the
 *   permission backend refuses direct user checks of resource permissions
 *   without a resourceRef, and hiding the button then would hide it from
 *   everyone.
 */
export function useCreateEnvironmentPermission(): {
  loading: boolean;
  allowed: boolean;
} {
  const permissionApi = useApi(permissionApiRef);
  const { loading, value } = useAsync(async () => {
    try {
      const { result } = await permissionApi.authorize({
        permission: berthEnvironmentCreatePermission,
      });
      return result !== AuthorizeResult.DENY;
    } catch {
      return true;
    }
  }, [permissionApi]);
  return { loading, allowed: value ?? false };
}
