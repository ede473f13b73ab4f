import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { PermissionApi } from '@backstage/plugin-permission-react';
import { mockApis } from '@backstage/test-utils';
import { act, waitFor } from '@testing-library/react';

/**
 * A permission API that denies the given permissions (by name), allows the
 * rest, and records what it was asked; `answered` waits until a permission
 * was asked and its answer rendered, so that a test of a hidden action does
 * not pass while the answer is still loading.
 */
export function recordingPermissions(...denied: string[]): {
  permissionApi: PermissionApi;
  answered: (permission: string, resourceRef?: string) => Promise<void>;
} {
  const asked: Array<[string, string | undefined]> = [];
  const permissionApi = mockApis.permission({
    authorize: request => {
      const { name } = request.permission;
      asked.push([name, request.resourceRef]);
      return denied.includes(name)
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW;
    },
  });
  const answered = async (permission: string, resourceRef?: string) => {
    await waitFor(() =>
      expect(asked).toContainEqual([permission, resourceRef]),
    );
    await act(() => new Promise(resolve => setTimeout(resolve, 20)));
  };
  return { permissionApi, answered };
}
