import { EventSummary, PodSummary } from '@berth/plugin-berth-common';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { listEvents, listPods, readPodLogs } from '../kubernetes/inspect';
import { StoredEnvironment } from '../database/EnvironmentStore';

/** Pods, events and logs of an environment's namespace, read on request. */
export class EnvironmentInspector {
  constructor(private readonly clusters: ClusterRegistry) {}

  pods(environment: StoredEnvironment): Promise<PodSummary[]> {
    return listPods(this.kubeConfig(environment), environment.namespace);
  }

  /** Newest first, at most 200. */
  events(environment: StoredEnvironment): Promise<EventSummary[]> {
    return listEvents(this.kubeConfig(environment), environment.namespace);
  }

  logs(
    environment: StoredEnvironment,
    pod: string,
    options: { container?: string; tailLines: number },
  ): Promise<string> {
    return readPodLogs(
      this.kubeConfig(environment),
      environment.namespace,
      pod,
      options,
    );
  }

  private kubeConfig(environment: StoredEnvironment) {
    return this.clusters.kubeConfig(environment.cluster);
  }
}
