import { EnvironmentStatus } from '@berth/plugin-berth-common';
import { sleepingStatus } from './sleepingStatus';

const status = (
  overall: EnvironmentStatus['status'],
  replicas: number[],
): EnvironmentStatus => ({
  environmentId: 'e1',
  status: overall,
  services: replicas.map((r, i) => ({
    service: `s${i}`,
    status: r === 0 ? 'Running' : 'Deploying',
    images: [],
    readyReplicas: 0,
    replicas: r,
  })),
  updatedAt: '2026-11-23T12:00:00.000Z',
});

describe('sleepingStatus', () => {
  it('is Sleeping when asleep, for the services scaled to zero', () => {
    const result = sleepingStatus(
      { sleepState: 'asleep' },
      status('Deploying', [0, 2]),
    );
    expect(result.status).toBe('Sleeping');
    expect(result.services.map(s => s.status)).toEqual([
      'Sleeping',
      'Deploying',
    ]);
    expect(result.services[0].message).toBe('Asleep');
  });

  it('leaves the status alone while awake, waking, or disconnected', () => {
    const awake = status('Running', [0]);
    expect(sleepingStatus({}, awake)).toBe(awake);
    expect(sleepingStatus({ sleepState: 'waking' }, awake)).toBe(awake);
    const cut = status('Disconnected', [0]);
    expect(sleepingStatus({ sleepState: 'asleep' }, cut)).toBe(cut);
  });
});
