import { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  berthSandboxDeletePermission,
  berthSandboxUpdatePermission,
} from '@berth/plugin-berth-common';
import { useResourcePermissions } from './useResourcePermissions';

/** What the user may do with a sandbox; false while the answers load. */
export interface SandboxPermissions {
  loading: boolean;
  /** Extend its life or change its forks. */
  canUpdate: boolean;
  canDelete: boolean;
}

const sandboxPermissions: Record<
  Exclude<keyof SandboxPermissions, 'loading'>,
  ResourcePermission
> = {
  canUpdate: berthSandboxUpdatePermission,
  canDelete: berthSandboxDeletePermission,
};

/**
 * Asks the permission framework about one sandbox, by its id (the resource
 * ref of `berth-sandbox`, which the backend loads so that the conditional
 * rules, creator, project owner and base tier, are answered for it).
 */
export function useSandboxPermissions(sandboxId: string): SandboxPermissions {
  const { loading, allowed } = useResourcePermissions(
    sandboxId,
    sandboxPermissions,
  );
  return { loading, ...allowed };
}
