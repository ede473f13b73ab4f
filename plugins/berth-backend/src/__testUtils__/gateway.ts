import { V1Deployment } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { TestCluster } from './testClusters';

// Helpers of the gateway integration tests: the cluster's Traefik record, echo Deployments on
// the real node or on kwok, HTTPRoutes, and GETs through the gateway.

export const GATEWAY_GROUP = 'gateway.networking.k8s.io';
export const GATEWAY_VERSION = 'v1';

/** What cluster.json records of the cluster's Traefik (scripts/local-clusters/gateway). */
export interface GatewayState {
  url: string;
  port: number;
  pid: number;
  logFile: string;
  /** Traefik's JSON access log (with the X-Env and Baggage request headers). */
  accessLog?: string;
  gateway: string;
  watch?: { namespaces: string[]; podsOnNode: string | null };
  /** The in-cluster entry point (real node only): Service berth-gateway/mesh. */
  mesh?: { port: number; address: string; url: string };
}

export function gatewayOf(cluster: TestCluster): GatewayState {
  const state = JSON.parse(
    readFileSync(join(cluster.kubeconfig, '..', 'cluster.json'), 'utf8'),
  );
  if (!state.gateway) {
    throw new Error(
      `${cluster.name} has no gateway: build Traefik (tools/build-node.sh) and restart the clusters`,
    );
  }
  return state.gateway;
}

const TOLERATION = {
  key: 'berth.dev/real-node',
  operator: 'Exists',
  effect: 'NoSchedule',
};

/**
 * One echo pod answering as `name` on 8080: on the real node, or on a kwok node (never runs);
 * `env` adds variables (ECHO_SANDBOX, ECHO_NEXT_HOP...).
 */
export function echoDeployment(
  name: string,
  image: string,
  where: 'real' | 'kwok',
  labels: Record<string, string> = { app: name },
  env: Record<string, string> = {},
): V1Deployment {
  const container = {
    name: 'echo',
    image,
    env: Object.entries({ ECHO_NAME: name, ...env }).map(([key, value]) => ({
      name: key,
      value,
    })),
    ports: [{ containerPort: 8080 }],
  };
  return {
    metadata: { name },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec:
          where === 'real'
            ? {
                nodeSelector: { 'berth.dev/real-node': 'true' },
                tolerations: [TOLERATION],
                containers: [container],
              }
            : { nodeSelector: { type: 'kwok' }, containers: [container] },
      },
    },
  };
}

/** An HTTPRoute of `host` on the gateway to Service `backend` port 80. */
export function httpRoute(
  gateway: GatewayState,
  namespace: string,
  name: string,
  host: string,
  rule: { matches?: object[]; backend: string },
) {
  const [gatewayNamespace, gatewayName] = gateway.gateway.split('/');
  return {
    apiVersion: `${GATEWAY_GROUP}/${GATEWAY_VERSION}`,
    kind: 'HTTPRoute',
    metadata: { name, namespace },
    spec: {
      parentRefs: [{ name: gatewayName, namespace: gatewayNamespace }],
      hostnames: [host],
      rules: [
        {
          ...(rule.matches ? { matches: rule.matches } : {}),
          backendRefs: [{ name: rule.backend, port: 80 }],
        },
      ],
    },
  };
}

export interface Reply {
  status?: number;
  name?: string;
  sandbox?: string;
  pod?: string;
  headers?: Record<string, string[]>;
  error?: string;
}

/** A GET through the gateway with the given Host and headers (an array value sends the header twice). */
export function viaGateway(
  gatewayUrl: string,
  host: string,
  headers: Record<string, string | string[]> = {},
): Promise<Reply> {
  return new Promise(resolve => {
    const req = http.get(
      `${gatewayUrl}/hello`,
      { headers: { ...headers, host }, timeout: 3000, agent: false },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: res.statusCode, ...JSON.parse(text) });
          } catch {
            resolve({ status: res.statusCode });
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', e => resolve({ error: e.message }));
  });
}

/** Polls every 10 ms until a reply comes from `backend`; resolves the seconds it took from `t0`. */
export async function secondsUntil(
  t0: bigint,
  send: () => Promise<Reply>,
  backend: string,
  timeoutMs = 30_000,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reply = await send();
    if (reply.status === 200 && reply.name === backend)
      return Number(process.hrtime.bigint() - t0) / 1e9;
    if (Date.now() > deadline)
      throw new Error(
        `no reply from ${backend} within ${timeoutMs} ms: ${JSON.stringify(
          reply,
        )}`,
      );
    await new Promise(resolve => setTimeout(resolve, 10));
  }
}

/** A process's resident memory (MiB) and CPU seconds (user + system), from /proc. */
export function processUsage(pid: number): { rssMiB: number; cpuS: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKiB = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? NaN);
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[11] and [12] are utime and stime (fields 14 and 15 of proc(5)), in clock ticks.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { rssMiB: rssKiB / 1024, cpuS: ticks / 100 };
}
