// The real node's fixed addresses and names. One real node per machine: the pod bridge and the
// Service range are host-wide (see ../../../README.md, "The real node").
export const NODE_NAME = 'berth-real-node';
export const BRIDGE = 'berth0';
export const NODE_IP = '10.246.0.1';
export const POD_CIDR = '10.246.0.0/24';
/** kwok's fake pod range (cluster.mjs passes it to kwok as --cidr). */
export const KWOK_POD_CIDR = '10.244.0.0/16';
/** The clusters' Service range (cluster.mjs, --service-cluster-ip-range). */
export const SERVICE_CIDR = '10.0.0.0/24';
export const NFT_TABLE = 'berth_node';
/** The cgroup every container of the node runs under, in each v1 hierarchy and in `unified`. */
export const CGROUP_NAME = 'berth-node';
export const CGROUP_ROOT = '/sys/fs/cgroup';
export const TAINT_KEY = 'berth.dev/real-node';
export const KUBELET_PORT = 10250;
/** Machine-wide record of the running real node, so a start after a crash can sweep it. */
export const MACHINE_RECORD = '/run/berth/real-node.json';
/**
 * Sysctls the kubelet, the bridge CNI plugin or kube-proxy may change: recorded before the node
 * starts and restored (the kubelet's right after the node is Ready, all of them at stop).
 */
export const KUBELET_SYSCTLS = [
  'vm.overcommit_memory',
  'vm.panic_on_oom',
  'kernel.panic',
  'kernel.panic_on_oops',
  'kernel.keys.root_maxkeys',
  'kernel.keys.root_maxbytes',
];
export const OTHER_SYSCTLS = [
  'net.ipv4.ip_forward',
  'net.ipv4.conf.all.route_localnet',
  'net.bridge.bridge-nf-call-iptables',
  'net.bridge.bridge-nf-call-ip6tables',
];
/** Host paths the kubelet, containerd or CNI create despite custom directories. */
export const HOST_PATHS = [
  '/var/lib/kubelet',
  '/var/log/containers',
  '/var/log/pods',
  '/run/containerd',
  '/var/lib/cni',
  '/etc/cni',
  '/opt/cni',
  '/run/netns',
  '/var/run/nri',
];

/**
 * The node's own programs. Traefik is built into the same directory but belongs to the
 * clusters' gateways (every cluster, every state dir): a node stop must never kill it.
 */
export const NODE_PROGRAMS = new Set([
  'containerd',
  'containerd-shim-runc-v2',
  'ctr',
  'runc',
  'kubelet',
  'kube-proxy',
  'coredns',
]);
