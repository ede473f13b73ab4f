import { V1Pod } from '@kubernetes/client-node';
import { podHealth, toTime } from './podHealth';

const pod = (
  status: V1Pod['status'],
  metadata: V1Pod['metadata'] = {},
): V1Pod => ({
  metadata: { name: 'cart-1', ...metadata },
  status,
});

describe('podHealth', () => {
  it('reads a running, ready pod', () => {
    expect(
      podHealth(
        pod(
          {
            phase: 'Running',
            conditions: [{ type: 'Ready', status: 'True' }],
            containerStatuses: [
              {
                name: 'c',
                image: 'x',
                imageID: '',
                ready: true,
                restartCount: 0,
              },
            ],
          },
          {
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: 'ReplicaSet',
                name: 'rs',
                uid: 'u',
                controller: true,
              },
            ],
          },
        ),
      ),
    ).toEqual({
      name: 'cart-1',
      phase: 'Running',
      ready: true,
      failure: undefined,
      waiting: undefined,
      restarts: 0,
      lastTerminatedAt: undefined,
      ownerKind: 'ReplicaSet',
    });
  });

  it('says a crash-looping pod fails, with its restarts and last termination', () => {
    const health = podHealth(
      pod({
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'False' }],
        containerStatuses: [
          {
            name: 'c',
            image: 'x',
            imageID: '',
            ready: false,
            restartCount: 4,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
            lastState: {
              terminated: {
                exitCode: 1,
                finishedAt: '2026-01-01T10:00:00Z' as unknown as Date,
              },
            },
          },
        ],
      }),
    );
    expect(health).toMatchObject({
      ready: false,
      failure: 'CrashLoopBackOff',
      waiting: undefined,
      restarts: 4,
      lastTerminatedAt: Date.parse('2026-01-01T10:00:00Z'),
    });
  });

  it('says an image pull failure in an init container fails', () => {
    expect(
      podHealth(
        pod({
          phase: 'Pending',
          initContainerStatuses: [
            {
              name: 'init',
              image: 'x',
              imageID: '',
              ready: false,
              restartCount: 0,
              state: { waiting: { reason: 'ImagePullBackOff' } },
            },
          ],
        }),
      ).failure,
    ).toBe('ImagePullBackOff');
  });

  it('says a Failed pod fails, with its reason', () => {
    expect(podHealth(pod({ phase: 'Failed', reason: 'Evicted' })).failure).toBe(
      'Evicted',
    );
    expect(podHealth(pod({ phase: 'Failed' })).failure).toBe('Failed');
  });

  it('tells waiting from failing', () => {
    expect(
      podHealth(
        pod({
          phase: 'Pending',
          containerStatuses: [
            {
              name: 'c',
              image: 'x',
              imageID: '',
              ready: false,
              restartCount: 0,
              state: { waiting: { reason: 'ContainerCreating' } },
            },
          ],
        }),
      ),
    ).toMatchObject({ failure: undefined, waiting: 'ContainerCreating' });
    expect(
      podHealth(
        pod({
          phase: 'Pending',
          conditions: [
            { type: 'PodScheduled', status: 'False', reason: 'Unschedulable' },
          ],
        }),
      ),
    ).toMatchObject({
      failure: undefined,
      waiting: 'Unschedulable',
      phase: 'Pending',
    });
    expect(podHealth({}).phase).toBe('Unknown');
  });
});

describe('toTime', () => {
  it('reads Dates and strings', () => {
    expect(toTime(new Date(5))).toBe(5);
    expect(toTime('1970-01-01T00:00:01Z')).toBe(1000);
    expect(toTime(undefined)).toBeUndefined();
    expect(toTime('nonsense')).toBeUndefined();
  });
});
