import { ClusterConnection, WorkloadStatus } from '@berth/plugin-berth-common';
import { PodHealth } from './podHealth';
import { describeReadiness, WorkloadReadiness } from './workloadReadiness';

/** A workload's rollout, with what Berth remembers of it. */
export interface WorkloadHealth extends WorkloadReadiness {
  /** Whether Berth saw it fully rolled out at its current generation. */
  wasReady: boolean;
  /** A condition that says the rollout failed, e.g. ProgressDeadlineExceeded. */
  failure?: string;
}

/** Everything the status of one service in one environment depends on. */
export interface RollUpInput {
  connection: ClusterConnection;
  workloads: WorkloadHealth[];
  pods: PodHealth[];
  /** A deploy of the service is in progress (Berth's own bookkeeping). */
  deploying?: boolean;
  /** The last deploy of the service failed, with this message. */
  failure?: string;
  /** Now, in ms since the epoch (for how recent restarts are). */
  now: number;
  /** How recent a container restart makes the service Unstable (default 5 minutes). */
  restartWindowMs?: number;
}

const MAX_LISTED = 3;

function listed(items: string[]): string {
  const shown = items.slice(0, MAX_LISTED).join('; ');
  return items.length > MAX_LISTED
    ? `${shown}; and ${items.length - MAX_LISTED} more`
    : shown;
}

/**
 * The status of a service from its workloads and pods:
 * - Disconnected: the cluster is not reachable;
 * - Error: the caller says the deploy failed, a rollout condition failed, or
 *   a pod fails (CrashLoopBackOff, ImagePullBackOff, ..., phase Failed) while
 *   the service is not fully ready;
 * - Deploying: the caller says a deploy runs, or a rollout is in progress (a
 *   newer spec not yet observed, replicas not yet updated, or never ready at
 *   this spec);
 * - Unstable: it was ready at this spec, but is not now, or a container
 *   restarted within the restart window;
 * - Running: all desired replicas ready;
 * - NotDeployed: there are no workloads or pods.
 * Pods of Jobs do not count.
 */
export function rollUpStatus(input: RollUpInput): {
  status: WorkloadStatus;
  message?: string;
} {
  if (input.connection === 'Disconnected') {
    return { status: 'Disconnected', message: 'The cluster is not reachable' };
  }
  const pods = input.pods.filter(p => p.ownerKind !== 'Job');
  const { workloads } = input;
  if (input.failure) {
    return { status: 'Error', message: input.failure };
  }
  if (workloads.length === 0 && pods.length === 0) {
    return input.deploying
      ? { status: 'Deploying', message: 'Deploy in progress' }
      : { status: 'NotDeployed' };
  }

  const notDone = workloads.filter(w => !w.done);
  const failedRollouts = workloads.filter(w => w.failure);
  const failingPods =
    notDone.length > 0 || workloads.length === 0
      ? pods.filter(p => p.failure)
      : [];
  if (failedRollouts.length > 0 || failingPods.length > 0) {
    return {
      status: 'Error',
      message: listed([
        ...failedRollouts.map(
          w => `${w.kind.toLowerCase()} ${w.name}: ${w.failure}`,
        ),
        ...failingPods.map(p => `pod ${p.name}: ${p.failure}`),
      ]),
    };
  }

  const waiting = pods
    .filter(p => !p.ready && p.waiting)
    .map(p => `pod ${p.name}: ${p.waiting}`);
  const rollingOut = notDone.filter(
    w => !w.observed || w.updated < w.desired || !w.wasReady,
  );
  if (input.deploying || rollingOut.length > 0) {
    const details = [...rollingOut.map(describeReadiness), ...waiting];
    return {
      status: 'Deploying',
      message: details.length ? listed(details) : 'Deploy in progress',
    };
  }
  if (notDone.length > 0) {
    return {
      status: 'Unstable',
      message: listed([...notDone.map(describeReadiness), ...waiting]),
    };
  }
  const window = input.restartWindowMs ?? 5 * 60_000;
  const restarted = pods.filter(
    p =>
      p.restarts > 0 &&
      p.lastTerminatedAt !== undefined &&
      input.now - p.lastTerminatedAt < window,
  );
  if (restarted.length > 0) {
    return {
      status: 'Unstable',
      message: listed(
        restarted.map(
          p =>
            `pod ${p.name} restarted ${p.restarts} time${
              p.restarts === 1 ? '' : 's'
            }, last ${Math.round(
              (input.now - p.lastTerminatedAt!) / 1000,
            )} s ago`,
        ),
      ),
    };
  }
  if (workloads.length === 0 && pods.some(p => !p.ready)) {
    return {
      status: 'Deploying',
      message: listed(
        pods
          .filter(p => !p.ready)
          .map(p => `pod ${p.name}: ${p.waiting ?? p.phase}`),
      ),
    };
  }
  return { status: 'Running' };
}

const RANK: Record<WorkloadStatus, number> = {
  NotDeployed: 0,
  Sleeping: 1,
  Running: 2,
  Unstable: 3,
  Deploying: 4,
  Error: 5,
  Disconnected: 6,
};

/**
 * The status of an environment: the worst of its services' (Disconnected >
 * Error > Deploying > Unstable > Running); NotDeployed when it has none
 * deployed.
 */
export function rollUpEnvironment(statuses: WorkloadStatus[]): WorkloadStatus {
  return statuses.reduce<WorkloadStatus>(
    (worst, status) => (RANK[status] > RANK[worst] ? status : worst),
    'NotDeployed',
  );
}
