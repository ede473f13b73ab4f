import { berthSandboxCreatePermission } from '@berth/plugin-berth-common';
import { useCreatePermission } from './useCreatePermission';

/**
 * Whether to offer "Create sandbox" (see useCreatePermission): the backend
 * authorizes the real request against the sandbox to be created and also
 * wants read on the base.
 */
export function useSandboxCreatePermission() {
  return useCreatePermission(berthSandboxCreatePermission);
}
