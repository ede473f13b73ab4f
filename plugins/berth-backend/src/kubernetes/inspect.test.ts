import { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import { eventSummary, podSummary } from './inspect';

describe('podSummary', () => {
  const pod = (extra: Partial<V1Pod> = {}): V1Pod => ({
    metadata: {
      name: 'cart-1',
      labels: { 'berth.dev/service': 'cart' },
      creationTimestamp: new Date('2026-01-01T10:00:00Z'),
    },
    spec: {
      nodeName: 'node-1',
      containers: [
        { name: 'main', image: 'x' },
        { name: 'sidecar', image: 'y' },
      ],
    },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [
        { name: 'main', image: 'x', imageID: '', ready: true, restartCount: 2 },
        {
          name: 'sidecar',
          image: 'y',
          imageID: '',
          ready: true,
          restartCount: 1,
        },
      ],
    },
    ...extra,
  });

  it('summarizes a pod', () => {
    expect(podSummary(pod())).toEqual({
      name: 'cart-1',
      service: 'cart',
      phase: 'Running',
      ready: true,
      restarts: 3,
      node: 'node-1',
      containers: ['main', 'sidecar'],
      createdAt: '2026-01-01T10:00:00.000Z',
    });
  });

  it('shows what kubectl shows as status', () => {
    expect(
      podSummary(
        pod({ metadata: { name: 'p', deletionTimestamp: new Date() } }),
      ).phase,
    ).toBe('Terminating');
    expect(
      podSummary(
        pod({
          status: {
            phase: 'Running',
            containerStatuses: [
              {
                name: 'main',
                image: 'x',
                imageID: '',
                ready: false,
                restartCount: 7,
                state: { waiting: { reason: 'CrashLoopBackOff' } },
              },
            ],
          },
        }),
      ),
    ).toMatchObject({ phase: 'CrashLoopBackOff', ready: false, restarts: 7 });
    expect(
      podSummary(
        pod({
          status: {
            phase: 'Pending',
            containerStatuses: [
              {
                name: 'main',
                image: 'x',
                imageID: '',
                ready: false,
                restartCount: 0,
                state: { waiting: { reason: 'ContainerCreating' } },
              },
            ],
          },
        }),
      ).phase,
    ).toBe('ContainerCreating');
    expect(
      podSummary(pod({ status: { phase: 'Failed', reason: 'Evicted' } })).phase,
    ).toBe('Evicted');
  });
});

describe('eventSummary', () => {
  const event = (extra: Partial<CoreV1Event>): CoreV1Event => ({
    metadata: {
      name: 'e',
      creationTimestamp: new Date('2026-01-01T09:00:00Z'),
    },
    involvedObject: { kind: 'Pod', name: 'cart-1' },
    type: 'Warning',
    reason: 'BackOff',
    message: 'Back-off restarting failed container\n',
    ...extra,
  });

  it('summarizes an event', () => {
    expect(
      eventSummary(
        event({ count: 5, lastTimestamp: new Date('2026-01-01T10:00:00Z') }),
      ),
    ).toEqual({
      type: 'Warning',
      reason: 'BackOff',
      message: 'Back-off restarting failed container',
      object: 'pod/cart-1',
      count: 5,
      lastSeen: '2026-01-01T10:00:00.000Z',
    });
  });

  it('reads events.k8s.io-style series and event times', () => {
    expect(
      eventSummary(
        event({
          series: {
            count: 3,
            lastObservedTime: '2026-01-01T11:00:00Z' as unknown as Date,
          },
        }),
      ),
    ).toMatchObject({ count: 3, lastSeen: '2026-01-01T11:00:00.000Z' });
    expect(
      eventSummary(event({ eventTime: new Date('2026-01-01T12:00:00Z') })),
    ).toMatchObject({ count: 1, lastSeen: '2026-01-01T12:00:00.000Z' });
    expect(eventSummary(event({})).lastSeen).toBe('2026-01-01T09:00:00.000Z');
  });
});
