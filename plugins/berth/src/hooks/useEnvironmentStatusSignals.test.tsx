import { TestApiProvider } from '@backstage/test-utils';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  BERTH_STATUS_SIGNAL_CHANNEL,
  EnvironmentStatus,
} from '@berth/plugin-berth-common';
import { act, renderHook, waitFor } from '@testing-library/react';
import { ReactNode } from 'react';
import { berthApiRef } from '../api';
import { devStatus, fakeBerthApi, FakeSignalApi } from '../testUtils/fixtures';
import { useEnvironmentStatusSignals } from './useEnvironmentStatusSignals';

function setUp(wanted?: (id: string) => boolean) {
  const signals = new FakeSignalApi();
  const api = fakeBerthApi({ signals });
  const fetched: string[] = [];
  const getStatus = api.getEnvironmentStatus.bind(api);
  api.getEnvironmentStatus = id => {
    fetched.push(id);
    return getStatus(id);
  };
  const received: EnvironmentStatus[] = [];
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TestApiProvider
      apis={[
        [berthApiRef, api],
        [signalApiRef, signals],
      ]}
    >
      {children}
    </TestApiProvider>
  );
  renderHook(
    () => useEnvironmentStatusSignals(status => received.push(status), wanted),
    { wrapper },
  );
  return { signals, api, fetched, received };
}

// A status signal names only the environment: the hook fetches the status
// through the API, which checks the user may read it.
describe('useEnvironmentStatusSignals', () => {
  it('fetches the status of the environment a signal names', async () => {
    const { signals, api, received } = setUp();
    api.setStatus({ ...devStatus, updatedAt: '2026-01-10T13:00:00Z' });
    await waitFor(() => expect(received).toHaveLength(1));
    expect(received[0]).toMatchObject({
      environmentId: devStatus.environmentId,
      services: devStatus.services,
    });
    expect(signals.subscriberCount(BERTH_STATUS_SIGNAL_CHANNEL)).toBe(1);
  });

  it('takes nothing from the message but the id', async () => {
    const { signals, received } = setUp();
    act(() =>
      signals.publish(BERTH_STATUS_SIGNAL_CHANNEL, {
        ...devStatus,
        status: 'Error',
        services: [],
      }),
    );
    await waitFor(() => expect(received).toHaveLength(1));
    // What the API says, not what the message said.
    expect(received[0].services).toEqual(devStatus.services);
  });

  it('ignores an environment it may not read', async () => {
    const { signals, fetched, received } = setUp();
    act(() =>
      signals.publish(BERTH_STATUS_SIGNAL_CHANNEL, {
        environmentId: 'env-of-someone-else',
        at: '2026-01-10T13:00:00Z',
      }),
    );
    await waitFor(() => expect(fetched).toEqual(['env-of-someone-else']));
    // The refusal is swallowed; nothing is delivered.
    await new Promise(resolve => setTimeout(resolve, 0));
    expect(received).toEqual([]);
  });

  it('fetches only the environments that are wanted', async () => {
    const { signals, fetched, received } = setUp(
      id => id === devStatus.environmentId,
    );
    act(() => {
      signals.publish(BERTH_STATUS_SIGNAL_CHANNEL, {
        environmentId: 'env-shop-prod',
        at: '2026-01-10T13:00:00Z',
      });
      signals.publish(BERTH_STATUS_SIGNAL_CHANNEL, {
        environmentId: devStatus.environmentId,
        at: '2026-01-10T13:00:00Z',
      });
    });
    await waitFor(() => expect(received).toHaveLength(1));
    expect(fetched).toEqual([devStatus.environmentId]);
  });

  it('fetches once more, not once per signal, when signals arrive during a fetch', async () => {
    const { signals, fetched, received } = setUp();
    act(() => {
      for (let i = 0; i < 5; i++) {
        signals.publish(BERTH_STATUS_SIGNAL_CHANNEL, {
          environmentId: devStatus.environmentId,
          at: `2026-01-10T13:00:0${i}Z`,
        });
      }
    });
    await waitFor(() => expect(received).toHaveLength(2));
    expect(fetched).toEqual([devStatus.environmentId, devStatus.environmentId]);
  });
});
