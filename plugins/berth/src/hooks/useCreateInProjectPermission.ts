import { useApi } from '@backstage/core-plugin-api';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { newInProjectResourceRef } from '@berth/plugin-berth-common';
import useAsync from 'react-use/esm/useAsync';

/**
 * Whether to offer creating something in a project: the create `permission`
 * asked about `new-in:<project ref>`, which the backend loads as a new one
 * of that project with its owner, so a policy's conditions (the project's
 * owners...) decide per project. The backend still authorizes the real
 * request against what it creates. Asked on every mount, not through
 * `usePermission`'s module-wide cache (which answers a remount from an older
 * result).
 */
export function useCreateInProjectPermission(
  permission: ResourcePermission,
  projectRef: string,
): { loading: boolean; allowed: boolean } {
  const permissionApi = useApi(permissionApiRef);
  const { loading, value } = useAsync(async () => {
    const { result } = await permissionApi.authorize({
      permission,
      resourceRef: newInProjectResourceRef(projectRef),
    });
    return result === AuthorizeResult.ALLOW;
  }, [permissionApi, permission, projectRef]);
  return { loading, allowed: value ?? false };
}
