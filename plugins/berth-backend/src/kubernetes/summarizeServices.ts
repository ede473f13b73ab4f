import {
  BERTH_LABELS,
  ClusterConnection,
  ServiceStatus,
} from '@berth/plugin-berth-common';
import { V1Pod, V1PodTemplateSpec } from '@kubernetes/client-node';
import { podHealth } from './podHealth';
import { rollUpStatus, WorkloadHealth } from './rollUpStatus';
import { Workload, workloadReadiness } from './workloadReadiness';

/** Annotation (or label) with the Berth revision of a service a workload runs. */
export const REVISION_ANNOTATION = 'berth.dev/revision';

/** What the caller knows of an environment's services besides the cluster. */
export interface ServiceStatusOptions {
  /** Services that should exist: those not found are listed as NotDeployed. */
  services?: string[];
  /** Services with a deploy in progress. */
  deploying?: Iterable<string>;
  /** Services whose last deploy failed, with the failure. */
  failures?: Record<string, string>;
}

function rolloutFailure(workload: Workload): string | undefined {
  if (workload.kind !== 'Deployment') return undefined;
  const conditions = workload.object.status?.conditions ?? [];
  const deadline = conditions.find(
    c =>
      c.type === 'Progressing' &&
      c.status === 'False' &&
      c.reason === 'ProgressDeadlineExceeded',
  );
  if (deadline) return 'ProgressDeadlineExceeded';
  const replicaFailure = conditions.find(
    c => c.type === 'ReplicaFailure' && c.status === 'True',
  );
  return replicaFailure
    ? `${replicaFailure.reason ?? 'ReplicaFailure'}${
        replicaFailure.message ? `: ${replicaFailure.message}` : ''
      }`
    : undefined;
}

function revisionOf(workloads: Workload[]): number | undefined {
  for (const { object } of workloads) {
    const value =
      object.metadata?.annotations?.[REVISION_ANNOTATION] ??
      object.metadata?.labels?.[REVISION_ANNOTATION];
    const revision = Number(value);
    if (value && Number.isInteger(revision)) return revision;
  }
  return undefined;
}

function imagesOf(template: V1PodTemplateSpec | undefined): string[] {
  return [
    ...(template?.spec?.initContainers ?? []),
    ...(template?.spec?.containers ?? []),
  ].map(c => c.image ?? '');
}

/**
 * The status of each service of an environment, from the workloads and pods
 * of its namespace that carry the environment's label, grouped by their
 * `berth.dev/service` label and rolled up with `rollUpStatus`.
 * `wasReady(workload)` tells whether Berth saw the workload rolled out at its
 * current generation.
 */
export function summarizeServices(input: {
  environmentId: string;
  connection: ClusterConnection;
  workloads: Workload[];
  pods: V1Pod[];
  wasReady: (workload: Workload) => boolean;
  now: number;
  options?: ServiceStatusOptions;
}): ServiceStatus[] {
  const { environmentId, options = {} } = input;
  const ofEnvironment = (labels?: Record<string, string>) =>
    labels?.[BERTH_LABELS.environment] === environmentId
      ? labels[BERTH_LABELS.service]
      : undefined;

  const groups = new Map<string, { workloads: Workload[]; pods: V1Pod[] }>();
  const group = (service: string) => {
    let g = groups.get(service);
    if (!g) {
      g = { workloads: [], pods: [] };
      groups.set(service, g);
    }
    return g;
  };
  for (const service of options.services ?? []) group(service);
  for (const workload of input.workloads) {
    const service = ofEnvironment(workload.object.metadata?.labels);
    if (service) group(service).workloads.push(workload);
  }
  for (const pod of input.pods) {
    const service = ofEnvironment(pod.metadata?.labels);
    if (service) group(service).pods.push(pod);
  }

  const deploying = new Set(options.deploying ?? []);
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([service, { workloads, pods }]) => {
      const health: WorkloadHealth[] = workloads.map(w => ({
        ...workloadReadiness(w),
        wasReady: input.wasReady(w),
        failure: rolloutFailure(w),
      }));
      const { status, message } = rollUpStatus({
        connection: input.connection,
        workloads: health,
        pods: pods.map(podHealth),
        deploying: deploying.has(service),
        failure: options.failures?.[service],
        now: input.now,
      });
      const images = new Set(
        workloads.flatMap(w => imagesOf(w.object.spec?.template)),
      );
      images.delete('');
      return {
        service,
        status,
        revision: revisionOf(workloads),
        images: [...images].sort(),
        readyReplicas: health.reduce((sum, w) => sum + w.ready, 0),
        replicas: health.reduce((sum, w) => sum + w.desired, 0),
        ...(message !== undefined && { message }),
      };
    });
}
