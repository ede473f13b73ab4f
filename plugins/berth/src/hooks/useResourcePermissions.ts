import { useApi } from '@backstage/core-plugin-api';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import useAsync from 'react-use/esm/useAsync';

/**
 * Asks the permission framework, all at once, about one resource (by its
 * resourceRef) for each of `permissions`: `allowed[key]` is true when the
 * answer to `permissions[key]` is ALLOW. Every answer is false while they
 * load, when asking failed and without a resourceRef (as with
 * `usePermission`). `permissions` is a module-level table (it is a
 * dependency).
 */
export function useResourcePermissions<K extends string>(
  resourceRef: string,
  permissions: Record<K, ResourcePermission>,
): { loading: boolean; allowed: Record<K, boolean> } {
  const permissionApi = useApi(permissionApiRef);
  const keys = Object.keys(permissions) as K[];
  const answers = useAsync(async () => {
    // As usePermission does: without its resource, nothing is allowed.
    if (!resourceRef) return [];
    return Promise.all(
      keys.map(key =>
        permissionApi.authorize({ permission: permissions[key], resourceRef }),
      ),
    );
  }, [permissionApi, resourceRef, permissions]);
  const allowed = {} as Record<K, boolean>;
  keys.forEach((key, i) => {
    allowed[key] = answers.value?.[i]?.result === AuthorizeResult.ALLOW;
  });
  return { loading: answers.loading, allowed };
}
