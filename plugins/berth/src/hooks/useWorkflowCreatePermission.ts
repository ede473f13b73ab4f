import { berthWorkflowCreatePermission } from '@berth/plugin-berth-common';
import { useCreateInProjectPermission } from './useCreateInProjectPermission';

/** Whether to offer "New workflow" in a project (see useCreateInProjectPermission). */
export function useWorkflowCreatePermission(projectRef: string) {
  return useCreateInProjectPermission(
    berthWorkflowCreatePermission,
    projectRef,
  );
}
