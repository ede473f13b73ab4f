import { SandboxStatus } from '@berth/plugin-berth-common';
import { isSandboxSettling, SANDBOX_POLL_MS } from '../lib/sandboxes';
import { useWorkflowPolling } from './useWorkflowPolling';

/**
 * Reads again (`refresh`) every few seconds while one of the sandboxes is
 * being created or deleted, so that its status moves on without a reload.
 */
export function useSandboxPolling(
  sandboxes: Array<{ status: SandboxStatus }> | undefined,
  refresh: () => void,
): void {
  const settling = (sandboxes ?? []).some(s => isSandboxSettling(s.status));
  useWorkflowPolling(settling, refresh, SANDBOX_POLL_MS);
}
