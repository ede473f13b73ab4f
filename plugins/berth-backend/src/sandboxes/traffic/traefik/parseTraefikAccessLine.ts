import { BerthObservedRequest } from '@berth/plugin-berth-node';

/**
 * The backend part of a Traefik Gateway API service name:
 * `<router>-<20 hex hash>-svc-<namespace>-<service>-<backend index>[@provider]`
 * (traefik/v3 pkg/provider/kubernetes/gateway/httproute.go).
 */
const GATEWAY_SERVICE = /-[0-9a-f]{20}-svc-(.+)-\d+$/;
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

type AccessLine = Record<string, unknown>;

function header(line: AccessLine, name: string): string | undefined {
  const wanted = `request_${name}`.toLowerCase();
  for (const [key, value] of Object.entries(line)) {
    if (key.toLowerCase() === wanted && typeof value === 'string') return value;
  }
  return undefined;
}

/**
 * The Service a Gateway API service name of Traefik reached, given the
 * namespaces that may hold it (namespace and name are joined by `-`, so
 * the longest namespace that fits wins); undefined for other providers'
 * services and other namespaces.
 */
export function gatewayBackendOf(
  serviceName: string,
  namespaces: ReadonlySet<string>,
): { namespace: string; service: string } | undefined {
  const backend = GATEWAY_SERVICE.exec(serviceName.replace(/@[^@]*$/, ''))?.[1];
  if (!backend) return undefined;
  let found: { namespace: string; service: string } | undefined;
  for (const namespace of namespaces) {
    if (!backend.startsWith(`${namespace}-`)) continue;
    const service = backend.slice(namespace.length + 1);
    if (!LABEL.test(service)) continue;
    if (!found || namespace.length > found.namespace.length) {
      found = { namespace, service };
    }
  }
  return found;
}

/**
 * One line of Traefik's JSON access log (with the `X-Env` and `Baggage`
 * request headers kept) as an observed request, when it carried a routing
 * header and reached a Service in `namespaces`; undefined otherwise.
 */
export function parseTraefikAccessLine(
  text: string,
  namespaces: ReadonlySet<string>,
): BerthObservedRequest | undefined {
  if (!text.startsWith('{')) return undefined;
  let line: AccessLine;
  try {
    line = JSON.parse(text);
  } catch {
    return undefined;
  }
  const xEnv = header(line, 'X-Env');
  const baggage = header(line, 'Baggage');
  if (!xEnv && !baggage) return undefined;
  if (typeof line.ServiceName !== 'string') return undefined;
  const backend = gatewayBackendOf(line.ServiceName, namespaces);
  if (!backend) return undefined;
  const at = line.StartUTC ?? line.time;
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) return undefined;
  return {
    at: new Date(at).toISOString(),
    ...backend,
    headers: {
      ...(xEnv && { 'x-env': xEnv }),
      ...(baggage && { baggage }),
    },
    ...(typeof line.RequestPath === 'string' && { path: line.RequestPath }),
    ...(typeof line.DownstreamStatus === 'number' && {
      status: line.DownstreamStatus,
    }),
  };
}
