import { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';

/** Container states that mean the pod is failing, not just starting. */
export const FAILING_REASONS: readonly string[] = Object.freeze([
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'ErrImageNeverPull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);

/** What Berth's status roll-up needs to know of a pod. */
export interface PodHealth {
  name: string;
  phase: string;
  ready: boolean;
  /** Why the pod is failing (e.g. CrashLoopBackOff, or Failed/Evicted), when it is. */
  failure?: string;
  /** Why a container waits or the pod is not scheduled, when it is not failing. */
  waiting?: string;
  restarts: number;
  /** When a container of the pod last terminated (ms since the epoch). */
  lastTerminatedAt?: number;
  /** Kind of the pod's controller, e.g. ReplicaSet or Job. */
  ownerKind?: string;
}

/** Watch events carry timestamps as strings; typed list results as Dates. */
export function toTime(value: Date | string | undefined): number | undefined {
  if (value === undefined || value === null) return undefined;
  const time = new Date(value).getTime();
  return Number.isNaN(time) ? undefined : time;
}

function containers(pod: V1Pod): V1ContainerStatus[] {
  return [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
  ];
}

/** Reads the health of a pod from its status. */
export function podHealth(pod: V1Pod): PodHealth {
  const statuses = containers(pod);
  const phase = pod.status?.phase ?? 'Unknown';
  const ready =
    pod.status?.conditions?.some(
      c => c.type === 'Ready' && c.status === 'True',
    ) ?? false;
  const waitingReasons = statuses
    .map(s => s.state?.waiting?.reason)
    .filter((r): r is string => !!r);
  const failing = waitingReasons.find(r => FAILING_REASONS.includes(r));
  const unschedulable = pod.status?.conditions?.find(
    c => c.type === 'PodScheduled' && c.status === 'False',
  );
  const terminations = statuses
    .map(s => toTime(s.lastState?.terminated?.finishedAt))
    .filter((t): t is number => t !== undefined);
  return {
    name: pod.metadata?.name ?? '',
    phase,
    ready,
    failure: phase === 'Failed' ? pod.status?.reason ?? 'Failed' : failing,
    waiting: failing
      ? undefined
      : waitingReasons[0] ?? unschedulable?.reason ?? undefined,
    restarts: statuses.reduce((sum, s) => sum + (s.restartCount ?? 0), 0),
    lastTerminatedAt: terminations.length
      ? Math.max(...terminations)
      : undefined,
    ownerKind: pod.metadata?.ownerReferences?.find(o => o.controller)?.kind,
  };
}
