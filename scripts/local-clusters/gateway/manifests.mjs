// The Gateway API objects every local cluster gets (Gateway API CRDs, standard channel, come from
// tools/crds and are applied with the other CRDs at cluster start).
export const GATEWAY_CLASS = 'berth';
export const GATEWAY_CONTROLLER = 'traefik.io/gateway-controller';
export const GATEWAY_NAMESPACE = 'berth-gateway';
export const GATEWAY_NAME = 'berth';
/** The listener's name; Traefik serves it on the entry point with the same port. */
export const LISTENER = 'web';
/**
 * The in-cluster listener (real node only): Traefik's entry point `mesh` on the node IP, behind
 * the selectorless Service `berth-gateway/mesh`, so pods reach the gateway by a cluster DNS name
 * and a hop between services can be routed by header like a request from outside (east-west
 * through the gateway: Traefik implements no GAMMA).
 */
export const MESH_LISTENER = 'mesh';
export const MESH_SERVICE = 'mesh';
/** The URL pods use: `http://mesh.berth-gateway.svc.cluster.local`. */
export const MESH_URL = `http://${MESH_SERVICE}.berth-gateway.svc.cluster.local`;

/**
 * The Service `berth-gateway/mesh` (port 80) and its EndpointSlice: the node IP `nodeIp` on
 * `meshPort`, where Traefik's `mesh` entry point listens.
 */
function meshService(labels, nodeIp, meshPort) {
  return [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: MESH_SERVICE, namespace: GATEWAY_NAMESPACE, labels },
      spec: {
        ports: [{ name: 'http', port: 80, targetPort: meshPort }],
      },
    },
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: `${MESH_SERVICE}-node`,
        namespace: GATEWAY_NAMESPACE,
        labels: {
          ...labels,
          'kubernetes.io/service-name': MESH_SERVICE,
          'endpointslice.kubernetes.io/managed-by': 'berth-local-clusters',
        },
      },
      addressType: 'IPv4',
      ports: [{ name: 'http', port: meshPort, protocol: 'TCP' }],
      endpoints: [{ addresses: [nodeIp], conditions: { ready: true } }],
    },
  ];
}

/**
 * A List for `kubectl apply`: the GatewayClass, the namespace and the Gateway on `port`; with
 * `mesh` ({ nodeIp, port }), also the in-cluster listener and its Service.
 */
export function gatewayManifests(port, mesh) {
  const labels = { 'app.kubernetes.io/managed-by': 'berth-local-clusters' };
  const listener = (name, listenerPort) => ({
    name,
    protocol: 'HTTP',
    port: listenerPort,
    allowedRoutes: { namespaces: { from: 'All' } },
  });
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
            listener(LISTENER, port),
            ...(mesh ? [listener(MESH_LISTENER, mesh.port)] : []),
          ],
        },
      },
      ...(mesh ? meshService(labels, mesh.nodeIp, mesh.port) : []),
    ],
  };
}
