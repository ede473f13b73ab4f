// The Gateway API objects every local cluster gets (Gateway API CRDs, standard channel, come from
// tools/crds and are applied with the other CRDs at cluster start).
export const GATEWAY_CLASS = 'berth';
export const GATEWAY_CONTROLLER = 'traefik.io/gateway-controller';
export const GATEWAY_NAMESPACE = 'berth-gateway';
export const GATEWAY_NAME = 'berth';
/** The listener's name; Traefik serves it on the entry point with the same port. */
export const LISTENER = 'web';

/** A List for `kubectl apply`: the GatewayClass, the namespace and the Gateway on `port`. */
export function gatewayManifests(port) {
  const labels = { 'app.kubernetes.io/managed-by': 'berth-local-clusters' };
  return {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'GatewayClass',
        metadata: { name: GATEWAY_CLASS, labels },
        spec: { controllerName: GATEWAY_CONTROLLER },
      },
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: GATEWAY_NAMESPACE, labels },
      },
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'Gateway',
        metadata: { name: GATEWAY_NAME, namespace: GATEWAY_NAMESPACE, labels },
        spec: {
          gatewayClassName: GATEWAY_CLASS,
          listeners: [
            {
              name: LISTENER,
              protocol: 'HTTP',
              port,
              allowedRoutes: { namespaces: { from: 'All' } },
            },
          ],
        },
      },
    ],
  };
}
