import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { mockApis, TestApiProvider } from '@backstage/test-utils';
import { renderHook, waitFor } from '@testing-library/react';
import { ReactNode } from 'react';
import { useResourcePermissions } from './useResourcePermissions';

const read = createPermission({
  name: 'test.thing.read',
  attributes: { action: 'read' },
  resourceType: 'test-thing',
});
const remove = createPermission({
  name: 'test.thing.delete',
  attributes: { action: 'delete' },
  resourceType: 'test-thing',
});
const table = { canRead: read, canDelete: remove };

function render(
  resourceRef: string,
  authorize: (request: {
    permission: { name: string };
    resourceRef?: string;
  }) => AuthorizeResult.ALLOW | AuthorizeResult.DENY,
) {
  const permissionApi = mockApis.permission({ authorize });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={[[permissionApiRef, permissionApi]]}>
      {children}
    </TestApiProvider>
  );
  return renderHook(() => useResourcePermissions(resourceRef, table), {
    wrapper,
  });
}

describe('useResourcePermissions', () => {
  it('answers each permission of the table for the resource', async () => {
    const asked: string[] = [];
    const { result } = render('thing-1', request => {
      asked.push(`${request.permission.name} ${request.resourceRef}`);
      return request.permission.name === read.name
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY;
    });
    expect(result.current).toEqual({
      loading: true,
      allowed: { canRead: false, canDelete: false },
    });
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current.allowed).toEqual({
      canRead: true,
      canDelete: false,
    });
    expect(asked.sort()).toEqual([
      'test.thing.delete thing-1',
      'test.thing.read thing-1',
    ]);
  });

  it('allows nothing when asking fails', async () => {
    const { result } = render('thing-1', () => {
      throw new Error('permission backend down');
    });
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current.allowed).toEqual({
      canRead: false,
      canDelete: false,
    });
  });

  it('allows nothing, without asking, when there is no resource', async () => {
    const authorize = jest.fn(
      (): AuthorizeResult.ALLOW | AuthorizeResult.DENY => AuthorizeResult.ALLOW,
    );
    const { result } = render('', authorize);
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current.allowed).toEqual({
      canRead: false,
      canDelete: false,
    });
    expect(authorize).not.toHaveBeenCalled();
  });
});
