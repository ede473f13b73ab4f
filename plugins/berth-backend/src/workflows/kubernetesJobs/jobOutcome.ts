import {
  V1ContainerState,
  V1ContainerStateTerminated,
  V1Job,
  V1Pod,
} from '@kubernetes/client-node';

/** Waiting reasons after which the pod cannot start without a change. */
export const HOPELESS_WAITING = ['InvalidImageName', 'ErrImageNeverPull'];
/** Waiting reasons that end the Job when they last longer than the pull timeout. */
export const PULL_WAITING = ['ErrImagePull', 'ImagePullBackOff'];

/** What the Job's pod shows now. */
export interface PodView {
  /** The main container started (it runs or has ended). */
  started: boolean;
  /** How the main container ended, when it has. */
  terminated?: V1ContainerStateTerminated;
  /** A container (init or main) waits for this reason (e.g. ImagePullBackOff). */
  waiting?: { reason: string; message?: string };
  /** The pod is being deleted. */
  deleting: boolean;
}

/** Reads the state of the pod's main container (its first) and of the init containers. */
export function viewPod(pod: V1Pod | undefined): PodView | undefined {
  if (!pod) return undefined;
  const main = pod.spec?.containers?.[0]?.name;
  const status = pod.status?.containerStatuses?.find(c => c.name === main);
  const state: V1ContainerState | undefined = status?.state;
  const terminated = state?.terminated ?? status?.lastState?.terminated;
  const waitingStates = [
    ...(pod.status?.initContainerStatuses ?? []).map(s => s.state?.waiting),
    state?.waiting,
  ];
  const waiting = waitingStates.find(
    w =>
      w?.reason &&
      w.reason !== 'PodInitializing' &&
      w.reason !== 'ContainerCreating',
  );
  return {
    started: Boolean(state?.running || terminated),
    ...(terminated ? { terminated } : {}),
    ...(waiting?.reason
      ? {
          waiting: {
            reason: waiting.reason,
            ...(waiting.message ? { message: waiting.message } : {}),
          },
        }
      : {}),
    deleting: Boolean(pod.metadata?.deletionTimestamp),
  };
}

/** The Job's final condition (`Complete` or `Failed`, status True) and its reason. */
export function finishedCondition(
  job: V1Job,
): { type: 'Complete' | 'Failed'; reason?: string } | undefined {
  for (const c of job.status?.conditions ?? []) {
    if ((c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') {
      return { type: c.type, ...(c.reason ? { reason: c.reason } : {}) };
    }
  }
  return undefined;
}

/**
 * How a finished (or vanished) Job ended, from its condition and what was
 * last seen of its pod: the container's exit code and message; the reason is
 * the Job's DeadlineExceeded, PodDeleted when the pod went away (or was
 * deleted) before its container ended by itself, JobDeleted when the Job is
 * gone, else the container's own (Completed, Error, OOMKilled).
 */
export function jobOutcome(
  job: V1Job | undefined,
  lastPod: PodView | undefined,
  podDeletedEarly: boolean,
): { exitCode: number; terminationMessage?: string; reason?: string } {
  const terminated = lastPod?.terminated;
  const base = {
    exitCode: terminated?.exitCode ?? -1,
    ...(terminated?.message ? { terminationMessage: terminated.message } : {}),
  };
  if (!job) return { ...base, reason: 'JobDeleted' };
  const condition = finishedCondition(job);
  if (condition?.reason === 'DeadlineExceeded') {
    return { ...base, reason: 'DeadlineExceeded' };
  }
  if (condition?.type === 'Failed' && podDeletedEarly) {
    return { ...base, reason: 'PodDeleted' };
  }
  return terminated?.reason ? { ...base, reason: terminated.reason } : base;
}
