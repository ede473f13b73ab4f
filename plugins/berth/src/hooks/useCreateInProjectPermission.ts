import { newInProjectResourceRef } from '@berth/plugin-berth-common';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import { usePermission } from '@backstage/plugin-permission-react';

/**
 * Whether to offer creating something in a project: the create `permission`
 * asked about `new-in:<project ref>`, which the backend loads as a new one
 * of that project with its owner, so a policy's conditions (the project's
 * owners...) decide per project. The backend still authorizes the real
 * request against what it creates.
 */
export function useCreateInProjectPermission(
  permission: ResourcePermission,
  projectRef: string,
): { loading: boolean; allowed: boolean } {
  const { loading, allowed } = usePermission({
    permission,
    resourceRef: newInProjectResourceRef(projectRef),
  });
  return { loading, allowed };
}
