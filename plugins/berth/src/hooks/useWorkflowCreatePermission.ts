import { berthWorkflowCreatePermission } from '@berth/plugin-berth-common';
import { useCreatePermission } from './useCreatePermission';

/** Whether to offer "New workflow" (see useCreatePermission). */
export function useWorkflowCreatePermission() {
  return useCreatePermission(berthWorkflowCreatePermission);
}
