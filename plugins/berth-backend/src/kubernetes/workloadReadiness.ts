import {
  V1DaemonSet,
  V1Deployment,
  V1StatefulSet,
} from '@kubernetes/client-node';

/** The kinds of workload whose rollout Berth follows. */
export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet';

/** A workload's rollout as its status tells it. */
export interface WorkloadReadiness {
  kind: WorkloadKind;
  name: string;
  /** Replicas wanted (for a DaemonSet: nodes it should run on). */
  desired: number;
  ready: number;
  updated: number;
  /** Whether the controller has seen the newest spec (observedGeneration ≥ generation). */
  observed: boolean;
  /** Whether the rollout is complete: observed, and all desired replicas updated and ready. */
  done: boolean;
}

/** A Deployment, StatefulSet or DaemonSet, with its kind. */
export type Workload =
  | { kind: 'Deployment'; object: V1Deployment }
  | { kind: 'StatefulSet'; object: V1StatefulSet }
  | { kind: 'DaemonSet'; object: V1DaemonSet };

/** Reads a workload's rollout from its status, like `kubectl rollout status`. */
export function workloadReadiness(workload: Workload): WorkloadReadiness {
  const { metadata } = workload.object;
  const observed =
    (workload.object.status?.observedGeneration ?? 0) >=
    (metadata?.generation ?? 0);
  const rollout = rolloutOf(workload);
  return {
    kind: workload.kind,
    name: metadata?.name ?? '',
    desired: rollout.desired,
    ready: rollout.ready,
    updated: rollout.updated,
    observed,
    done: observed && rollout.complete,
  };
}

/** The replica counts of a Deployment or StatefulSet (1 desired by default). */
function replicaCounts(object: V1Deployment | V1StatefulSet): {
  desired: number;
  ready: number;
  updated: number;
  total: number;
} {
  const { spec, status } = object;
  return {
    desired: spec?.replicas ?? 1,
    ready: status?.readyReplicas ?? 0,
    updated: status?.updatedReplicas ?? 0,
    total: status?.replicas ?? 0,
  };
}

/** The replica counts of a workload's rollout, and whether they are complete. */
function rolloutOf(workload: Workload): {
  desired: number;
  ready: number;
  updated: number;
  complete: boolean;
} {
  switch (workload.kind) {
    case 'Deployment': {
      const { desired, ready, updated, total } = replicaCounts(workload.object);
      const complete =
        updated === desired && ready === desired && total === desired;
      return { desired, ready, updated, complete };
    }
    case 'StatefulSet': {
      const { spec } = workload.object;
      const { desired, ready, updated, total } = replicaCounts(workload.object);
      const rolling = spec?.updateStrategy?.type !== 'OnDelete';
      const partition = spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
      const complete =
        ready === desired &&
        total === desired &&
        (!rolling || updated >= desired - partition);
      return { desired, ready, updated, complete };
    }
    default: {
      const { spec, status } = workload.object;
      const desired = status?.desiredNumberScheduled ?? 0;
      const ready = status?.numberReady ?? 0;
      const updated = status?.updatedNumberScheduled ?? 0;
      const rolling = spec?.updateStrategy?.type !== 'OnDelete';
      const complete = ready === desired && (!rolling || updated === desired);
      return { desired, ready, updated, complete };
    }
  }
}

/** e.g. "deployment cart: 1/3 ready" (with what else holds the rollout up). */
export function describeReadiness(r: WorkloadReadiness): string {
  const details: string[] = [];
  if (r.updated < r.desired) {
    details.push(`${r.updated}/${r.desired} updated`);
  }
  if (!r.observed) {
    details.push('newest spec not yet observed');
  }
  return `${r.kind.toLowerCase()} ${r.name}: ${r.ready}/${r.desired} ready${
    details.length ? ` (${details.join(', ')})` : ''
  }`;
}
