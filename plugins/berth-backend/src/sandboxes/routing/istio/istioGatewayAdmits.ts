import { KubernetesObject } from '@kubernetes/client-node';

/** The parts of Istio's Gateway (networking.istio.io/v1) the preview check reads. */
export interface IstioGateway extends KubernetesObject {
  metadata: { name: string; namespace?: string };
  spec?: { servers?: Array<{ hosts?: string[] }> };
}

export const ISTIO_GATEWAY_KIND = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'Gateway',
};

function dnsCovers(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  if (p === '*') return true;
  if (p.startsWith('*.'))
    return h.endsWith(p.slice(1)) && h.length > p.length - 1;
  return p === h;
}

function namespaceAdmits(
  part: string,
  gatewayNamespace: string,
  routeNamespace: string,
): boolean {
  if (part === '*') return true;
  if (part === '~') return false;
  if (part === '.') return routeNamespace === gatewayNamespace;
  return part === routeNamespace;
}

/**
 * Whether an Istio Gateway binds a VirtualService of `routeNamespace` for
 * `host`: some server's `hosts` entry `[namespace/]dnsName` whose namespace
 * part is `*` (or absent), `.` (the Gateway's own) or `routeNamespace`,
 * and whose dnsName is `*`, a `*.suffix` covering the host, or the host.
 */
export function istioGatewayAdmits(
  gateway: IstioGateway,
  routeNamespace: string,
  host: string,
): boolean {
  const gatewayNamespace = gateway.metadata.namespace ?? 'default';
  return (gateway.spec?.servers ?? []).some(server =>
    (server.hosts ?? []).some(entry => {
      const slash = entry.indexOf('/');
      const namespace = slash < 0 ? '*' : entry.slice(0, slash);
      const dns = slash < 0 ? entry : entry.slice(slash + 1);
      return (
        namespaceAdmits(namespace, gatewayNamespace, routeNamespace) &&
        dnsCovers(dns, host)
      );
    }),
  );
}
