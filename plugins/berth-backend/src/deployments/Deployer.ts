import { KubernetesObject } from '../manifests';

/** One service, resolved and ready to go into one environment. */
export interface ServiceDeployment {
  cluster: string;
  namespace: string;
  service: string;
  /** Labels for every object and pod template (Berth's and kubernetes-id). */
  labels: Record<string, string>;
  /** Selects the service's workloads, for readiness and restarts. */
  selector: string;
  target:
    | {
        kind: 'helm';
        release: string;
        chart: string | { repoUrl: string; name: string; version: string };
        values: Record<string, unknown>;
      }
    | { kind: 'manifests'; objects: KubernetesObject[] };
}

/**
 * What the deploy orchestrator needs from Kubernetes. The real one runs helm
 * and server-side apply against the clusters; see KubernetesDeployer.
 */
export interface Deployer {
  /**
   * Installs or upgrades the service; returns Helm's release revision for
   * Helm services, and the manifest as applied (YAML, Secret values as they are).
   */
  deploy(
    deployment: ServiceDeployment,
  ): Promise<{ helmRevision?: number; manifest?: string }>;
  /** Resolves when the service's workloads are ready; rejects after the timeout, saying what is not. */
  waitUntilReady(
    deployment: Pick<
      ServiceDeployment,
      'cluster' | 'namespace' | 'selector' | 'service'
    >,
    timeoutMs: number,
  ): Promise<void>;
  /** Removes what the service deployed. */
  remove(
    deployment: Pick<
      ServiceDeployment,
      'cluster' | 'namespace' | 'service' | 'selector' | 'labels'
    > & {
      kind: 'helm' | 'manifests';
      release: string;
    },
  ): Promise<void>;
}

/** Restart and scale of a service's workloads. */
export interface WorkloadControl {
  restart(cluster: string, namespace: string, selector: string): Promise<void>;
  scale(
    cluster: string,
    namespace: string,
    selector: string,
    replicas: number,
  ): Promise<void>;
}
