import { KubeConfig } from '@kubernetes/client-node';
import http from 'node:http';
import https from 'node:https';

/** What a probe of a cluster's API server found. */
export interface ProbeResult {
  connection: 'Connected' | 'Disconnected';
  /** Why the cluster counts as disconnected. */
  reason?: string;
}

/**
 * Asks the API server of the KubeConfig's current cluster for `/readyz`, with
 * the KubeConfig's credentials, and counts it Connected when it answers 200
 * within `timeoutMs`. Never throws: every failure is a Disconnected result.
 */
export async function probeCluster(
  kc: KubeConfig,
  timeoutMs = 2000,
): Promise<ProbeResult> {
  try {
    const server = kc.getCurrentCluster()?.server;
    if (!server) {
      return { connection: 'Disconnected', reason: 'no cluster configured' };
    }
    const url = new URL('/readyz', server);
    const options: https.RequestOptions = { method: 'GET', timeout: timeoutMs };
    await kc.applyToHTTPSOptions(options);
    const status = await new Promise<number>((resolve, reject) => {
      const request = (url.protocol === 'https:' ? https : http).request(
        url,
        { ...options, signal: AbortSignal.timeout(timeoutMs) },
        response => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      request.on('timeout', () =>
        request.destroy(new Error(`no answer within ${timeoutMs} ms`)),
      );
      request.on('error', reject);
      request.end();
    });
    if (status === 200) {
      return { connection: 'Connected' };
    }
    const reason =
      status === 401 || status === 403
        ? `the API server refused Berth's credentials (HTTP ${status})`
        : `/readyz answered HTTP ${status}`;
    return { connection: 'Disconnected', reason };
  } catch (error) {
    const e = error as Error & { code?: string };
    const reason =
      e.name === 'AbortError' || e.name === 'TimeoutError'
        ? `no answer within ${timeoutMs} ms`
        : e.message || String(error);
    return { connection: 'Disconnected', reason };
  }
}
