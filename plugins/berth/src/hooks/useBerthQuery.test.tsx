import { AlertMessage, alertApiRef } from '@backstage/core-plugin-api';
import { TestApiProvider } from '@backstage/test-utils';
import { act, renderHook, waitFor } from '@testing-library/react';
import { ReactNode } from 'react';
import { berthApiRef } from '../api';
import { fakeBerthApi } from '../testUtils/fixtures';
import { useBerthQuery } from './useBerthQuery';
import { useSuccessAlert } from './useSuccessAlert';

describe('useBerthQuery', () => {
  it('reads from the Berth API, again when a dependency changes', async () => {
    const api = fakeBerthApi();
    const asked: string[] = [];
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider apis={[[berthApiRef, api]]}>{children}</TestApiProvider>
    );
    const { result, rerender } = renderHook(
      ({ name }: { name: string }) =>
        useBerthQuery(
          async berthApi => {
            asked.push(name);
            return (await berthApi.listRegistries()).length;
          },
          [name],
        ),
      { wrapper, initialProps: { name: 'first' } },
    );
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current.value).toBe((await api.listRegistries()).length);
    rerender({ name: 'second' });
    await waitFor(() => expect(asked).toEqual(['first', 'second']));
  });
});

describe('useSuccessAlert', () => {
  it('posts the message as a transient success alert', () => {
    const posted: AlertMessage[] = [];
    const alertApi = {
      post: (message: AlertMessage) => posted.push(message),
      alert$: () => {
        throw new Error('not used');
      },
    };
    const { result } = renderHook(() => useSuccessAlert(), {
      wrapper: ({ children }: { children: ReactNode }) => (
        <TestApiProvider apis={[[alertApiRef, alertApi]]}>
          {children}
        </TestApiProvider>
      ),
    });
    act(() => result.current('Saved.'));
    expect(posted).toEqual([
      { message: 'Saved.', severity: 'success', display: 'transient' },
    ]);
  });
});
