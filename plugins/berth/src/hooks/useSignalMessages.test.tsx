import { TestApiProvider } from '@backstage/test-utils';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { act, renderHook } from '@testing-library/react';
import { ReactNode } from 'react';
import { FakeSignalApi } from '../testUtils/fixtures';
import { channelSignalsHook, isMessageWith } from './useSignalMessages';

interface Ping {
  pingId: string;
  groupId: string;
}

describe('isMessageWith', () => {
  const isPing = isMessageWith<Ping>('pingId', 'groupId');

  it('accepts an object whose keys are all strings', () => {
    expect(isPing({ pingId: 'p1', groupId: 'g1', extra: 3 })).toBe(true);
  });

  it('refuses a missing or non-string key, null and non-objects', () => {
    expect(isPing({ pingId: 'p1' })).toBe(false);
    expect(isPing({ pingId: 'p1', groupId: 7 })).toBe(false);
    expect(isPing(null)).toBe(false);
    expect(isPing('p1')).toBe(false);
    expect(isPing(undefined)).toBe(false);
  });
});

describe('channelSignalsHook', () => {
  const usePings = channelSignalsHook<Ping>('pings', 'pingId', 'groupId');

  it('hands over each message of its channel that has the keys', () => {
    const signals = new FakeSignalApi();
    const received: Ping[] = [];
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider apis={[[signalApiRef, signals]]}>
        {children}
      </TestApiProvider>
    );
    const { result } = renderHook(() => usePings(p => received.push(p)), {
      wrapper,
    });
    expect(result.current.isSignalsAvailable).toBe(true);
    act(() => {
      signals.publish('pings', { pingId: 'p1', groupId: 'g1' });
      signals.publish('pings', { pingId: 'p2' });
      signals.publish('other', { pingId: 'p3', groupId: 'g1' });
      signals.publish('pings', { pingId: 'p4', groupId: 'g2' });
    });
    expect(received.map(p => p.pingId)).toEqual(['p1', 'p4']);
  });

  it('delivers nothing without the signals plugin', () => {
    const { result } = renderHook(() => usePings(() => undefined), {
      wrapper: ({ children }: { children: ReactNode }) => (
        <TestApiProvider apis={[]}>{children}</TestApiProvider>
      ),
    });
    expect(result.current.isSignalsAvailable).toBe(false);
  });
});
