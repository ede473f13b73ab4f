// CoreDNS for the real node: a process of the node (like kube-proxy), not a pod, since the API
// server listens on loopback only and pods cannot reach it. It answers on the node IP, port 53,
// for cluster.local and the reverse zones only (no forward: every other name gets REFUSED, so no
// query leaves the machine). A selectorless Service kube-system/kube-dns at CLUSTER_DNS_IP with an
// EndpointSlice on the node IP is the kubelet's clusterDNS; kube-proxy carries it to CoreDNS.
import fsp from 'node:fs/promises';
import path from 'node:path';
import { freePorts, request, signCert, writeJson } from '../util.mjs';
import { NODE_IP } from '../real-node/constants.mjs';

/** The kubelet's clusterDNS: in the Service range's static band (10.0.0.0/24, first 16). */
export const CLUSTER_DNS_IP = '10.0.0.10';
export const CLUSTER_DOMAIN = 'cluster.local';
const USER = 'system:berth-coredns';
const MANAGER = 'berth-local-clusters';

/** The Corefile: one server block for the cluster's zones, bound to the node IP. */
export function corefile({ kubeconfig, healthPort, readyPort }) {
  return `${CLUSTER_DOMAIN}:53 in-addr.arpa:53 ip6.arpa:53 {
    bind ${NODE_IP}
    errors
    health 127.0.0.1:${healthPort}
    ready 127.0.0.1:${readyPort}
    kubernetes ${CLUSTER_DOMAIN} in-addr.arpa ip6.arpa {
        kubeconfig ${kubeconfig} default
        pods insecure
        ttl 30
    }
    cache 30
    loop
}
`;
}

/** The API objects: RBAC for CoreDNS's identity, the kube-dns Service and its EndpointSlice. */
export function corednsObjects() {
  const labels = {
    'k8s-app': 'kube-dns',
    'app.kubernetes.io/managed-by': MANAGER,
  };
  const ports = [
    { name: 'dns', port: 53, protocol: 'UDP' },
    { name: 'dns-tcp', port: 53, protocol: 'TCP' },
  ];
  return [
    {
      path: '/apis/rbac.authorization.k8s.io/v1/clusterroles/berth:coredns',
      body: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'berth:coredns' },
        rules: [
          {
            apiGroups: [''],
            resources: ['endpoints', 'services', 'pods', 'namespaces'],
            verbs: ['list', 'watch'],
          },
          {
            apiGroups: ['discovery.k8s.io'],
            resources: ['endpointslices'],
            verbs: ['list', 'watch'],
          },
        ],
      },
    },
    {
      path: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/berth:coredns',
      body: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'berth:coredns' },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: 'berth:coredns',
        },
        subjects: [
          { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: USER },
        ],
      },
    },
    {
      path: '/api/v1/namespaces/kube-system/services/kube-dns',
      body: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'kube-dns', namespace: 'kube-system', labels },
        spec: { clusterIP: CLUSTER_DNS_IP, ports },
      },
    },
    {
      path: '/apis/discovery.k8s.io/v1/namespaces/kube-system/endpointslices/kube-dns-node',
      body: {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: {
          name: 'kube-dns-node',
          namespace: 'kube-system',
          labels: {
            ...labels,
            'kubernetes.io/service-name': 'kube-dns',
            'endpointslice.kubernetes.io/managed-by': MANAGER,
          },
        },
        addressType: 'IPv4',
        endpoints: [{ addresses: [NODE_IP], conditions: { ready: true } }],
        ports,
      },
    },
  ];
}

async function applyObjects(cluster) {
  const ca = Buffer.from(cluster.caData, 'base64').toString('utf8');
  for (const { path: p, body } of corednsObjects()) {
    const r = await request(
      `${cluster.url}${p}?fieldManager=${MANAGER}&force=true`,
      {
        method: 'PATCH',
        ca,
        token: cluster.adminToken,
        body,
        contentType: 'application/apply-patch+yaml',
      },
    );
    if (r.status !== 200 && r.status !== 201)
      throw new Error(`applying ${p}: HTTP ${r.status} ${r.body}`);
  }
}

/** A client certificate for CoreDNS's identity, signed by the cluster CA; returns a kubeconfig. */
async function writeKubeconfig(dir, cluster) {
  const pki = path.join(dir, 'pki');
  await fsp.mkdir(pki, { recursive: true });
  for (const f of ['ca.crt', 'ca.key']) {
    await fsp.copyFile(path.join(cluster.dataDir, 'pki', f), path.join(pki, f));
  }
  await fsp.chmod(path.join(pki, 'ca.key'), 0o600);
  await signCert(pki, 'coredns', `/CN=${USER}`, [
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=clientAuth',
  ]);
  await fsp.rm(path.join(pki, 'ca.key'));
  const file = path.join(dir, 'coredns.kubeconfig');
  await writeJson(
    file,
    {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'local',
          cluster: {
            server: cluster.url,
            'certificate-authority': path.join(pki, 'ca.crt'),
          },
        },
      ],
      users: [
        {
          name: USER,
          user: {
            'client-certificate': path.join(pki, 'coredns.crt'),
            'client-key': path.join(pki, 'coredns.key'),
          },
        },
      ],
      contexts: [
        { name: 'default', context: { cluster: 'local', user: USER } },
      ],
      'current-context': 'default',
    },
    0o600,
  );
  return file;
}

/**
 * Starts CoreDNS for the real node of `cluster` under `dir`, through the node's `startProcess`
 * (so its pid is in the node's record) and waits until it is ready (its Kubernetes caches synced).
 * Needs the node IP on berth0 (network safety installed). Returns { healthPort, readyPort }.
 */
export async function startCoreDns(
  cluster,
  { dir, binDir, startProcess, wait },
) {
  await fsp.mkdir(dir, { recursive: true });
  const kubeconfig = await writeKubeconfig(dir, cluster);
  await applyObjects(cluster);
  const [healthPort, readyPort] = await freePorts(2);
  const file = path.join(dir, 'Corefile');
  await fsp.writeFile(file, corefile({ kubeconfig, healthPort, readyPort }));
  await startProcess('coredns', path.join(binDir, 'coredns'), ['-conf', file]);
  await wait(
    'CoreDNS /ready',
    async () =>
      (
        await request(`http://127.0.0.1:${readyPort}/ready`, {
          timeoutMs: 2000,
        })
      ).status === 200,
  );
  return { healthPort, readyPort };
}
