import { berthEnvironmentCreatePermission } from '@berth/plugin-berth-common';
import { useCreateInProjectPermission } from './useCreateInProjectPermission';

/** Whether to offer "Create environment" in a project (see useCreateInProjectPermission). */
export function useCreateEnvironmentPermission(projectRef: string) {
  return useCreateInProjectPermission(
    berthEnvironmentCreatePermission,
    projectRef,
  );
}
