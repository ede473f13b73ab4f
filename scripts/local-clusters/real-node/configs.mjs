// The real node's configuration files: containerd (config version 4), the CNI bridge, the
// kubelet and kube-proxy (both JSON, which their YAML loaders read), and their kubeconfigs.
// Everything lives under the node's directory `dir`, so stop removes it with the directory.
import fsp from 'node:fs/promises';
import path from 'node:path';
import { writeJson } from '../util.mjs';
import { CLUSTER_DNS_IP, CLUSTER_DOMAIN } from '../coredns/index.mjs';
import {
  BRIDGE,
  CGROUP_NAME,
  KUBELET_PORT,
  NODE_IP,
  NODE_NAME,
  POD_CIDR,
  SERVICE_CIDR,
  TAINT_KEY,
} from './constants.mjs';

export function nodePaths(dir) {
  const p = (...s) => path.join(dir, ...s);
  return {
    dir,
    containerdConfig: p('containerd.toml'),
    containerdRoot: p('containerd', 'root'),
    containerdState: p('containerd', 'state'),
    containerdSocket: p('containerd', 'containerd.sock'),
    registryHostsDir: p('containerd', 'certs.d'),
    runcRoot: p('containerd', 'runc'),
    cniConfDir: p('cni', 'net.d'),
    cniDataDir: p('cni', 'networks'),
    kubeletRoot: p('kubelet'),
    kubeletConfig: p('kubelet.json'),
    kubeletKubeconfig: p('kubelet.kubeconfig'),
    podLogsDir: p('pod-logs'),
    volumePluginDir: p('volume-plugins'),
    resolvConf: p('resolv.conf'),
    kubeProxyConfig: p('kube-proxy.json'),
    kubeProxyKubeconfig: p('kube-proxy.kubeconfig'),
    logsDir: p('logs'),
  };
}

const toml = s => `'${s}'`;

export function containerdConfig(paths, { binDir, pauseImage }) {
  const runtime = "plugins.'io.containerd.cri.v1.runtime'";
  return `version = 4
root = ${toml(paths.containerdRoot)}
state = ${toml(paths.containerdState)}

[plugins.'io.containerd.server.v1.grpc']
  address = ${toml(paths.containerdSocket)}
[plugins.'io.containerd.server.v1.ttrpc']
  address = ${toml(`${paths.containerdSocket}.ttrpc`)}
[plugins.'io.containerd.internal.v1.opt']
  path = ${toml(path.join(paths.dir, 'containerd', 'opt'))}
[plugins.'io.containerd.image-verifier.v1.bindir']
  bin_dir = ${toml(path.join(paths.dir, 'containerd', 'image-verifier'))}
[plugins.'io.containerd.nri.v1.nri']
  disable = true
[plugins.'io.containerd.cri.v1.images'.pinned_images]
  sandbox = ${toml(pauseImage)}
[plugins.'io.containerd.cri.v1.images'.registry]
  config_path = ${toml(paths.registryHostsDir)}
[${runtime}]
  restrict_oom_score_adj = true
  netns_mounts_under_state_dir = true
  enable_selinux = false
[${runtime}.containerd]
  default_runtime_name = 'runc'
[${runtime}.containerd.runtimes.runc]
  runtime_type = 'io.containerd.runc.v2'
[${runtime}.containerd.runtimes.runc.options]
  BinaryName = ${toml(path.join(binDir, 'runc'))}
  Root = ${toml(paths.runcRoot)}
  SystemdCgroup = false
[${runtime}.cni]
  bin_dirs = ['/usr/lib/cni']
  conf_dir = ${toml(paths.cniConfDir)}
  max_conf_num = 1
[plugins.'io.containerd.grpc.v1.cri']
  disable_tcp_service = true
  stream_server_address = '127.0.0.1'
  stream_server_port = '0'
`;
}

export function cniConflist(paths) {
  return {
    cniVersion: '1.0.0',
    name: 'berth-node',
    plugins: [
      {
        type: 'bridge',
        bridge: BRIDGE,
        isGateway: true,
        ipMasq: false,
        hairpinMode: true,
        ipam: {
          type: 'host-local',
          dataDir: paths.cniDataDir,
          ranges: [[{ subnet: POD_CIDR, gateway: NODE_IP }]],
          // Pods reach Services (kube-dns included) through the node; no default route.
          routes: [{ dst: SERVICE_CIDR }],
        },
      },
      { type: 'portmap', capabilities: { portMappings: true } },
      { type: 'loopback' },
    ],
  };
}

export function kubeletConfig(paths, { caFile, serving, healthzPort }) {
  return {
    apiVersion: 'kubelet.config.k8s.io/v1beta1',
    kind: 'KubeletConfiguration',
    failCgroupV1: false,
    cgroupDriver: 'cgroupfs',
    cgroupRoot: `/${CGROUP_NAME}`,
    containerRuntimeEndpoint: `unix://${paths.containerdSocket}`,
    address: NODE_IP,
    port: KUBELET_PORT,
    readOnlyPort: 0,
    healthzBindAddress: '127.0.0.1',
    healthzPort,
    tlsCertFile: serving.cert,
    tlsPrivateKeyFile: serving.key,
    authentication: {
      anonymous: { enabled: false },
      webhook: { enabled: true },
      x509: { clientCAFile: caFile },
    },
    authorization: { mode: 'Webhook' },
    podLogsDir: paths.podLogsDir,
    volumePluginDir: paths.volumePluginDir,
    // No nameserver: pods must not query the machine's resolver (dnsPolicy Default gets no DNS;
    // ClusterFirst gets CoreDNS at clusterDNS).
    resolvConf: paths.resolvConf,
    clusterDomain: CLUSTER_DOMAIN,
    clusterDNS: [CLUSTER_DNS_IP],
    registerWithTaints: [{ key: TAINT_KEY, effect: 'NoSchedule' }],
    serializeImagePulls: false,
    maxPods: 20,
    shutdownGracePeriod: '0s',
    shutdownGracePeriodCriticalPods: '0s',
    makeIPTablesUtilChains: false,
    // A busy shared disk must not taint the node: only evict when nearly full.
    evictionHard: {
      'memory.available': '100Mi',
      'nodefs.available': '2%',
      'imagefs.available': '2%',
      'nodefs.inodesFree': '2%',
    },
    imageGCHighThresholdPercent: 99,
    imageGCLowThresholdPercent: 98,
  };
}

export function kubeProxyConfig(paths, { healthzPort, metricsPort }) {
  return {
    apiVersion: 'kubeproxy.config.k8s.io/v1alpha1',
    kind: 'KubeProxyConfiguration',
    mode: 'nftables',
    clientConnection: { kubeconfig: paths.kubeProxyKubeconfig },
    hostnameOverride: NODE_NAME,
    clusterCIDR: POD_CIDR,
    detectLocalMode: 'ClusterCIDR',
    nodePortAddresses: [`${NODE_IP}/32`],
    bindAddress: NODE_IP,
    healthzBindAddress: `127.0.0.1:${healthzPort}`,
    metricsBindAddress: `127.0.0.1:${metricsPort}`,
    // All zeros: kube-proxy changes no conntrack sysctl.
    conntrack: {
      maxPerCore: 0,
      min: 0,
      tcpEstablishedTimeout: '0s',
      tcpCloseWaitTimeout: '0s',
    },
  };
}

function kubeconfig({ url, caFile, cert, key, user }) {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'local',
        cluster: { server: url, 'certificate-authority': caFile },
      },
    ],
    users: [
      { name: user, user: { 'client-certificate': cert, 'client-key': key } },
    ],
    contexts: [{ name: 'default', context: { cluster: 'local', user } }],
    'current-context': 'default',
  };
}

/** Writes every file; returns the paths. */
/**
 * containerd's hosts.toml for every registry (`_default`): whatever registry an image names
 * (ghcr.io, docker.io, ...), it is pulled from the node's loopback registry, under the same
 * repository path, so no image ever comes from outside the machine.
 */
export function defaultRegistryHosts(registry) {
  const server = `http://${registry}`;
  return `server = ${toml(server)}
[host.${toml(server)}]
  capabilities = ['pull', 'resolve']
`;
}

export async function writeNodeConfigs(
  dir,
  { url, certs, binDir, pauseImage, registry, ports },
) {
  const paths = nodePaths(dir);
  for (const d of [
    paths.containerdRoot,
    paths.containerdState,
    paths.runcRoot,
    paths.cniConfDir,
    paths.cniDataDir,
    paths.kubeletRoot,
    paths.podLogsDir,
    paths.volumePluginDir,
    paths.logsDir,
    path.join(paths.registryHostsDir, '_default'),
  ]) {
    await fsp.mkdir(d, { recursive: true });
  }
  await fsp.writeFile(
    path.join(paths.registryHostsDir, '_default', 'hosts.toml'),
    defaultRegistryHosts(registry),
  );
  await fsp.writeFile(
    paths.containerdConfig,
    containerdConfig(paths, { binDir, pauseImage }),
  );
  await writeJson(
    path.join(paths.cniConfDir, '10-berth-node.conflist'),
    cniConflist(paths),
  );
  await fsp.writeFile(paths.resolvConf, 'options ndots:5\n');
  await writeJson(
    paths.kubeletConfig,
    kubeletConfig(paths, {
      caFile: certs.ca,
      serving: certs.kubeletServing,
      healthzPort: ports.kubeletHealthz,
    }),
  );
  await writeJson(
    paths.kubeletKubeconfig,
    kubeconfig({
      url,
      caFile: certs.ca,
      ...certs.kubeletClient,
      user: `system:node:${NODE_NAME}`,
    }),
    0o600,
  );
  await writeJson(
    paths.kubeProxyConfig,
    kubeProxyConfig(paths, {
      healthzPort: ports.kubeProxyHealthz,
      metricsPort: ports.kubeProxyMetrics,
    }),
  );
  await writeJson(
    paths.kubeProxyKubeconfig,
    kubeconfig({
      url,
      caFile: certs.ca,
      ...certs.kubeProxy,
      user: 'system:kube-proxy',
    }),
    0o600,
  );
  return paths;
}
