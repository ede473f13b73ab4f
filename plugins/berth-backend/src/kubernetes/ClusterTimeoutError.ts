import { ServiceUnavailableError } from '@backstage/errors';

/** "5 s", "1.5 s", "300 ms". */
export function formatTimeout(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/**
 * A cluster's API server did not answer a request in time. A
 * ServiceUnavailableError (HTTP 503 from a route) whose message names the
 * cluster and the request, e.g. "Cluster 'local-east' did not answer within
 * 5 s (GET /apis/apps/v1/namespaces/shop-dev/deployments)".
 */
export class ClusterTimeoutError extends ServiceUnavailableError {
  /**
   * @param unanswered - the sentence about the cluster and the request, which
   *   `message` ends with
   */
  constructor(
    message: string,
    readonly cluster: string,
    readonly timeoutMs: number,
    readonly unanswered: string = message,
  ) {
    super(message);
  }

  /** The error of one request: `request` is e.g. "GET /api/v1/namespaces". */
  static forRequest(
    cluster: string,
    timeoutMs: number,
    request: string,
  ): ClusterTimeoutError {
    return new ClusterTimeoutError(
      `Cluster '${cluster}' did not answer within ${formatTimeout(
        timeoutMs,
      )} (${request})`,
      cluster,
      timeoutMs,
    );
  }

  /**
   * The same error with what Berth was doing in front: "`what`: Cluster ...
   * did not answer ...". It replaces what client-node or an earlier context
   * put in front.
   */
  withContext(what: string): ClusterTimeoutError {
    return new ClusterTimeoutError(
      `${what}: ${this.unanswered}`,
      this.cluster,
      this.timeoutMs,
      this.unanswered,
    );
  }
}

/** Whether an error is (or wraps, through kubeError) a request that timed out. */
export function isClusterTimeout(error: unknown): error is ClusterTimeoutError {
  return error instanceof ClusterTimeoutError;
}
