import {
  berthEnvironmentCreatePermission,
  newEnvironmentResourceRef,
} from '@berth/plugin-berth-common';
import { usePermission } from '@backstage/plugin-permission-react';

/**
 * Whether to offer "Create environment" in a project: `berth.environment.create`
 * asked about a new environment of that project (`new-in:<project ref>`), so a
 * policy's conditions (the project's owners...) decide per project. The
 * backend still authorizes the real request against the environment planned.
 */
export function useCreateEnvironmentPermission(projectRef: string): {
  loading: boolean;
  allowed: boolean;
} {
  const { loading, allowed } = usePermission({
    permission: berthEnvironmentCreatePermission,
    resourceRef: newEnvironmentResourceRef(projectRef),
  });
  return { loading, allowed };
}
