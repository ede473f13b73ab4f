import { useApi } from '@backstage/core-plugin-api';
import {
  AuthorizeResult,
  Permission,
} from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import useAsync from 'react-use/esm/useAsync';

/**
 * Whether to offer creating something that does not exist yet: a check of
 * its create `permission` without a resourceRef (`usePermission` would deny
 * a resource permission without one outright). The backend authorizes the
 * real request against the thing to be created, so:
 *
 * - ALLOW, or a CONDITIONAL answer (it depends on the project, tier, cluster
 *   or targets), offers it;
 * - DENY does not;
 * - a failed check also offers it, and the server's answer decides: the
 *   permission backend refuses direct user checks of resource permissions
 *   without a resourceRef, and hiding it then would hide it from everyone.
 */
export function useCreatePermission(permission: Permission): {
  loading: boolean;
  allowed: boolean;
} {
  const permissionApi = useApi(permissionApiRef);
  const { loading, value } = useAsync(async () => {
    try {
      const { result } = await permissionApi.authorize({ permission });
      return result !== AuthorizeResult.DENY;
    } catch {
      return true;
    }
  }, [permissionApi, permission]);
  return { loading, allowed: value ?? false };
}
