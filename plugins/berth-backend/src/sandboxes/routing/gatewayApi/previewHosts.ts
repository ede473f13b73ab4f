import { hostnameCovers } from '../evaluate/httpRequest';
import { GATEWAY_API_GROUP, ParentReference } from './httpRouteTypes';
import { GatewayListeners } from './sandboxRouteAdmission';

/** The longest host name (RFC 1123) and HTTPRoute hostname. */
export const MAX_HOSTNAME = 253;

/**
 * The preview host of a sandbox for a base route hostname:
 * `<sandbox>.<hostname>`; a string saying why there is none (a wildcard
 * hostname, or a name longer than 253 characters).
 */
export function previewHostname(
  sandbox: string,
  hostname: string,
): { host: string } | { problem: string } {
  if (hostname.includes('*')) {
    return {
      problem: `hostname '${hostname}' is a wildcard: no preview host for it`,
    };
  }
  const host = `${sandbox}.${hostname.toLowerCase()}`;
  if (host.length > MAX_HOSTNAME) {
    return {
      problem: `preview host '${host}' would be longer than ${MAX_HOSTNAME} characters`,
    };
  }
  return { host };
}

function isGatewayParent(parent: ParentReference): boolean {
  return (
    (parent.group ?? GATEWAY_API_GROUP) === GATEWAY_API_GROUP &&
    (parent.kind ?? 'Gateway') === 'Gateway'
  );
}

/**
 * Whether the listeners a parentRef attaches to (its `sectionName` and
 * `port`, else every listener) admit `host`: a listener without a hostname
 * admits every host, `*.example.com` the names under it, an exact name
 * itself. A string saying why not. Parents other than Gateways are not
 * checked.
 */
export function parentAdmitsHost(
  parent: ParentReference,
  routeNamespace: string,
  gateways: GatewayListeners[],
  host: string,
): true | string {
  if (!isGatewayParent(parent)) return true;
  const id = `${parent.namespace ?? routeNamespace}/${parent.name}`;
  const gateway = gateways.find(
    g => `${g.metadata.namespace}/${g.metadata.name}` === id,
  );
  if (!gateway) return `Gateway ${id} not found`;
  const listeners = (gateway.spec.listeners ?? []).filter(
    listener =>
      (parent.sectionName === undefined ||
        listener.name === parent.sectionName) &&
      (parent.port === undefined || listener.port === parent.port),
  );
  if (
    listeners.some(
      listener => !listener.hostname || hostnameCovers(listener.hostname, host),
    )
  ) {
    return true;
  }
  const hostnames = listeners.map(l => l.hostname).join("', '");
  return listeners.length
    ? `the listeners of Gateway ${id} do not admit it (hostname '${hostnames}')`
    : `Gateway ${id} has no listener the route attaches to`;
}
