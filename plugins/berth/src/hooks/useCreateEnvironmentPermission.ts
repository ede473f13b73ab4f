import { berthEnvironmentCreatePermission } from '@berth/plugin-berth-common';
import { useCreatePermission } from './useCreatePermission';

/** Whether to offer "Create environment" (see useCreatePermission). */
export function useCreateEnvironmentPermission() {
  return useCreatePermission(berthEnvironmentCreatePermission);
}
