import { KubeConfig } from '@kubernetes/client-node';
import { ClusterTimeoutError } from './ClusterTimeoutError';

/** `berth.kubernetes.requestTimeoutSeconds` when it is not set. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** How Berth's requests to one cluster are bounded, and whom they tell. */
export interface ClusterRequestSettings {
  /** The cluster's name, as messages show it. */
  cluster: string;
  /** How long one request may take, until its whole answer is read. */
  requestTimeoutMs: number;
  /** Called when a request got no answer within the timeout. */
  onUnanswered?: (error: ClusterTimeoutError) => void;
  /** Called when a request got an answer (any HTTP status). */
  onAnswered?: () => void;
}

/** A KubeConfig that carries the settings of {@link ClusterRequestSettings}. */
export interface KubeConfigWithRequestSettings extends KubeConfig {
  readonly requestSettings: ClusterRequestSettings;
}

/**
 * The request settings of a KubeConfig: its own when it carries some (those
 * of the ClusterRegistry), else the default timeout and the name of its
 * current cluster.
 */
export function requestSettingsOf(kc: KubeConfig): ClusterRequestSettings {
  const own = (kc as Partial<KubeConfigWithRequestSettings>).requestSettings;
  return (
    own ?? {
      cluster: kc.getCurrentCluster()?.name ?? 'unknown',
      requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS,
    }
  );
}

/**
 * How often something that waits on a quiet connection (an idle watch, a
 * helm run) checks that the cluster still answers: half the request timeout,
 * at least a second. With the check's own timeout, a cluster that stops
 * answering is noticed within 1.5 request timeouts.
 */
export function livenessIntervalMs(requestTimeoutMs: number): number {
  return Math.max(1000, Math.round(requestTimeoutMs / 2));
}
