import { InputError, NotFoundError } from '@backstage/errors';
import {
  EventSummary,
  PodSummary,
  BERTH_LABELS,
} from '@berth/plugin-berth-common';
import { CoreV1Api } from '@kubernetes/client-node';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { StoredEnvironment } from './EnvironmentStore';

const POD_NAME = /^[a-z0-9]([-.a-z0-9]{0,251}[a-z0-9])?$/;

/** Pods, events and logs of an environment's namespace, read on request. */
export class EnvironmentInspector {
  constructor(private readonly clusters: ClusterRegistry) {}

  async pods(environment: StoredEnvironment): Promise<PodSummary[]> {
    const { items } = await this.core(environment).listNamespacedPod({
      namespace: environment.namespace,
    });
    return items.map(pod => ({
      name: pod.metadata!.name!,
      service: pod.metadata?.labels?.[BERTH_LABELS.service],
      phase: pod.status?.phase ?? 'Unknown',
      ready:
        pod.status?.conditions?.some(
          c => c.type === 'Ready' && c.status === 'True',
        ) ?? false,
      restarts: (pod.status?.containerStatuses ?? []).reduce(
        (sum, c) => sum + (c.restartCount ?? 0),
        0,
      ),
      node: pod.spec?.nodeName,
      containers: (pod.spec?.containers ?? []).map(c => c.name),
      createdAt: pod.metadata?.creationTimestamp
        ? new Date(pod.metadata.creationTimestamp).toISOString()
        : undefined,
    }));
  }

  /** Newest first, at most 200. */
  async events(environment: StoredEnvironment): Promise<EventSummary[]> {
    const { items } = await this.core(environment).listNamespacedEvent({
      namespace: environment.namespace,
    });
    const seen = (e: (typeof items)[number]) =>
      new Date(
        e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp ?? 0,
      ).getTime();
    return items
      .sort((a, b) => seen(b) - seen(a))
      .slice(0, 200)
      .map(event => ({
        type: event.type ?? 'Normal',
        reason: event.reason ?? '',
        message: event.message ?? '',
        object: `${event.involvedObject.kind}/${event.involvedObject.name}`,
        count: event.count ?? 1,
        lastSeen: seen(event) ? new Date(seen(event)).toISOString() : undefined,
      }));
  }

  async logs(
    environment: StoredEnvironment,
    pod: string,
    options: { container?: string; tailLines: number },
  ): Promise<string> {
    if (!POD_NAME.test(pod)) throw new InputError(`'${pod}' is not a pod name`);
    try {
      return await this.core(environment).readNamespacedPodLog({
        name: pod,
        namespace: environment.namespace,
        container: options.container,
        tailLines: options.tailLines,
      });
    } catch (error) {
      const code = (error as { code?: number }).code;
      if (code === 404) {
        throw new NotFoundError(
          `No pod '${pod}' in environment '${environment.name}'`,
        );
      }
      const body = String(
        (error as { body?: unknown }).body ?? (error as Error).message,
      );
      throw new InputError(
        `The logs of pod '${pod}' cannot be read (${
          code ?? 'error'
        }): ${body.slice(
          0,
          300,
        )}. Simulated clusters (kwok) have no container logs.`,
      );
    }
  }

  private core(environment: StoredEnvironment) {
    return this.clusters
      .kubeConfig(environment.cluster)
      .makeApiClient(CoreV1Api);
  }
}
