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
        /** Secret values, opened for this deploy only: helm's second values file. */
        secretValues?: Record<string, unknown>;
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
    options?: { signal?: AbortSignal },
  ): Promise<{ helmRevision?: number; manifest?: string }>;
  /**
   * Repairs what an interrupted deploy left: a Helm release stuck
   * `pending-*` is rolled back to its last good revision, or uninstalled
   * when it never had one. Manifests need nothing (apply is idempotent).
   */
  repair?(deployment: ServiceDeployment): Promise<void>;
  /** Resolves when the service's workloads are ready; rejects after the timeout, saying what is not. */
  waitUntilReady(
    deployment: Pick<
      ServiceDeployment,
      'cluster' | 'namespace' | 'selector' | 'service'
    >,
    timeoutMs: number,
    signal?: AbortSignal,
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
