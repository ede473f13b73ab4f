import { stringifyEntityRef } from '@backstage/catalog-model';
import { usePermission } from '@backstage/plugin-permission-react';
import { berthProjectUpdatePermission } from '@berth/plugin-berth-common';

/**
 * Whether the signed-in user may change the project (a System): its
 * services, revisions, values and imports. Checked against the project, so
 * a policy granting it to the System's owners answers per project.
 */
export function useProjectUpdatePermission(project: {
  namespace: string;
  name: string;
}): { loading: boolean; allowed: boolean } {
  return usePermission({
    permission: berthProjectUpdatePermission,
    resourceRef: stringifyEntityRef({
      kind: 'System',
      namespace: project.namespace,
      name: project.name,
    }),
  });
}
