import { PodHealth } from './podHealth';
import {
  rollUpEnvironment,
  rollUpStatus,
  RollUpInput,
  WorkloadHealth,
} from './rollUpStatus';

const now = Date.parse('2026-01-01T12:00:00Z');

const workload = (extra: Partial<WorkloadHealth> = {}): WorkloadHealth => ({
  kind: 'Deployment',
  name: 'cart',
  desired: 3,
  ready: 3,
  updated: 3,
  observed: true,
  done: true,
  wasReady: true,
  ...extra,
});

const pod = (extra: Partial<PodHealth> = {}): PodHealth => ({
  name: 'cart-1',
  phase: 'Running',
  ready: true,
  restarts: 0,
  ownerKind: 'ReplicaSet',
  ...extra,
});

const input = (extra: Partial<RollUpInput> = {}): RollUpInput => ({
  connection: 'Connected',
  workloads: [workload()],
  pods: [pod()],
  now,
  ...extra,
});

describe('rollUpStatus', () => {
  it('is Running when all desired replicas are ready', () => {
    expect(rollUpStatus(input())).toEqual({ status: 'Running' });
  });

  it('is Disconnected when the cluster is unreachable, whatever else', () => {
    expect(
      rollUpStatus(
        input({ connection: 'Disconnected', failure: 'boom', deploying: true }),
      ),
    ).toEqual({
      status: 'Disconnected',
      message: 'The cluster is not reachable',
    });
  });

  it('is NotDeployed without workloads or pods, Deploying when a deploy runs', () => {
    expect(rollUpStatus(input({ workloads: [], pods: [] }))).toEqual({
      status: 'NotDeployed',
    });
    expect(
      rollUpStatus(input({ workloads: [], pods: [], deploying: true })),
    ).toEqual({ status: 'Deploying', message: 'Deploy in progress' });
  });

  it('is Error when the caller says the deploy failed', () => {
    expect(rollUpStatus(input({ failure: 'helm: timed out' }))).toEqual({
      status: 'Error',
      message: 'helm: timed out',
    });
  });

  it('is Error when pods fail while not all replicas are ready', () => {
    const status = rollUpStatus(
      input({
        workloads: [workload({ ready: 2, done: false })],
        pods: [
          pod(),
          pod({
            name: 'cart-2',
            ready: false,
            failure: 'CrashLoopBackOff',
            restarts: 5,
          }),
          pod({ name: 'cart-3', ready: false, failure: 'ImagePullBackOff' }),
        ],
      }),
    );
    expect(status).toEqual({
      status: 'Error',
      message: 'pod cart-2: CrashLoopBackOff; pod cart-3: ImagePullBackOff',
    });
  });

  it('is Error when a rollout stalls on an image pull, rather than Deploying', () => {
    expect(
      rollUpStatus(
        input({
          workloads: [workload({ updated: 1, ready: 3, done: false })],
          pods: [
            pod({ name: 'cart-new', ready: false, failure: 'ErrImagePull' }),
          ],
        }),
      ).status,
    ).toBe('Error');
  });

  it('is Error when a rollout condition failed', () => {
    expect(
      rollUpStatus(
        input({
          workloads: [
            workload({
              done: false,
              ready: 1,
              failure: 'ProgressDeadlineExceeded',
            }),
          ],
        }),
      ),
    ).toEqual({
      status: 'Error',
      message: 'deployment cart: ProgressDeadlineExceeded',
    });
  });

  it('ignores leftover failed pods when all replicas are ready, and pods of Jobs', () => {
    expect(
      rollUpStatus(
        input({
          pods: [
            pod(),
            pod({
              name: 'old',
              phase: 'Failed',
              ready: false,
              failure: 'Evicted',
            }),
          ],
        }),
      ).status,
    ).toBe('Running');
    expect(
      rollUpStatus(
        input({
          workloads: [],
          pods: [
            pod({
              ownerKind: 'Job',
              phase: 'Failed',
              ready: false,
              failure: 'Failed',
            }),
          ],
        }),
      ).status,
    ).toBe('NotDeployed');
  });

  it('is Deploying while a rollout is in progress', () => {
    const deploying = (w: Partial<WorkloadHealth>) =>
      rollUpStatus(input({ workloads: [workload({ done: false, ...w })] }));
    expect(deploying({ observed: false })).toEqual({
      status: 'Deploying',
      message: 'deployment cart: 3/3 ready (newest spec not yet observed)',
    });
    expect(deploying({ updated: 1, ready: 1 }).status).toBe('Deploying');
    // scaled up: ready < desired, never ready at this generation
    expect(deploying({ desired: 5, updated: 5, wasReady: false })).toEqual({
      status: 'Deploying',
      message: 'deployment cart: 3/5 ready',
    });
  });

  it('is Deploying when the caller says a deploy runs, even if all is ready', () => {
    expect(rollUpStatus(input({ deploying: true }))).toEqual({
      status: 'Deploying',
      message: 'Deploy in progress',
    });
  });

  it('lists waiting pods while deploying', () => {
    expect(
      rollUpStatus(
        input({
          workloads: [workload({ ready: 2, done: false, wasReady: false })],
          pods: [
            pod({ name: 'cart-9', ready: false, waiting: 'Unschedulable' }),
          ],
        }),
      ).message,
    ).toBe('deployment cart: 2/3 ready; pod cart-9: Unschedulable');
  });

  it('is Unstable when it was ready at this spec and is not now', () => {
    expect(
      rollUpStatus(
        input({
          workloads: [workload({ ready: 2, done: false, wasReady: true })],
          pods: [pod(), pod({ name: 'cart-2', ready: false })],
        }),
      ),
    ).toEqual({ status: 'Unstable', message: 'deployment cart: 2/3 ready' });
  });

  it('is Unstable when a container restarted lately', () => {
    const restarted = (minutesAgo: number) =>
      rollUpStatus(
        input({
          pods: [
            pod({ restarts: 2, lastTerminatedAt: now - minutesAgo * 60_000 }),
          ],
        }),
      );
    expect(restarted(1)).toEqual({
      status: 'Unstable',
      message: 'pod cart-1 restarted 2 times, last 60 s ago',
    });
    expect(restarted(10).status).toBe('Running');
  });

  it('rolls up bare pods', () => {
    expect(rollUpStatus(input({ workloads: [] })).status).toBe('Running');
    expect(
      rollUpStatus(
        input({
          workloads: [],
          pods: [pod({ ready: false, phase: 'Pending' })],
        }),
      ),
    ).toEqual({ status: 'Deploying', message: 'pod cart-1: Pending' });
    expect(
      rollUpStatus(
        input({
          workloads: [],
          pods: [pod({ ready: false, failure: 'CrashLoopBackOff' })],
        }),
      ).status,
    ).toBe('Error');
  });

  it('lists at most three problems', () => {
    const pods = [1, 2, 3, 4, 5].map(i =>
      pod({ name: `p${i}`, ready: false, failure: 'CrashLoopBackOff' }),
    );
    expect(
      rollUpStatus(input({ workloads: [workload({ done: false })], pods }))
        .message,
    ).toBe(
      'pod p1: CrashLoopBackOff; pod p2: CrashLoopBackOff; pod p3: CrashLoopBackOff; and 2 more',
    );
  });
});

describe('rollUpEnvironment', () => {
  it('is the worst of its services', () => {
    expect(rollUpEnvironment(['Running', 'Unstable', 'Running'])).toBe(
      'Unstable',
    );
    expect(rollUpEnvironment(['Unstable', 'Deploying'])).toBe('Deploying');
    expect(rollUpEnvironment(['Deploying', 'Error', 'Running'])).toBe('Error');
    expect(rollUpEnvironment(['Error', 'Disconnected'])).toBe('Disconnected');
    expect(rollUpEnvironment(['Running', 'NotDeployed'])).toBe('Running');
  });

  it('is NotDeployed when empty or nothing is deployed', () => {
    expect(rollUpEnvironment([])).toBe('NotDeployed');
    expect(rollUpEnvironment(['NotDeployed'])).toBe('NotDeployed');
  });
});
