// Starts and stops one local cluster: etcd, kube-apiserver, kube-controller-manager, kube-scheduler
// and kwok (which plays the kubelet for fake Nodes), all on 127.0.0.1 ports chosen at start.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  createPki,
  elapsed,
  freePorts,
  isAlive,
  killGroup,
  randomToken,
  readJson,
  request,
  rssBytes,
  run,
  spawnDetached,
  tail,
  waitFor,
  writeJson,
} from './util.mjs';
import {
  createApiserverKubeletClientCert,
  realNodeHealth,
  startRealNode,
  stopRealNode,
  NODE_NAME as REAL_NODE_NAME,
} from './real-node/index.mjs';
import { gatewayHealth, startGateway, stopGateway } from './gateway/index.mjs';
import {
  PROVISIONER_FLAGS,
  createStorageClass,
  provisionedDirs,
  removeVolumeDirs,
} from './storage/index.mjs';

export const DEFAULT_NODE_COUNT = 3;
const SERVICE_CIDR = '10.0.0.0/24';
// Stop order: dependents first, etcd last.
const PROCESS_ORDER = [
  'kwok',
  'kube-scheduler',
  'kube-controller-manager',
  'kube-apiserver',
  'etcd',
];

export function stateRoot() {
  return (
    process.env.BERTH_STATE_DIR ||
    path.join(
      process.env.BERTH_CACHE_DIR || path.join(os.homedir(), '.cache', 'berth'),
      'state',
    )
  );
}
export function clustersDir() {
  return path.join(stateRoot(), 'clusters');
}
export function clusterStateDir(name) {
  return path.join(clustersDir(), name);
}

export function validateName(name) {
  if (!/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(name)) {
    throw new Error(
      `invalid cluster name "${name}": use lowercase letters, digits and dashes`,
    );
  }
}

/** Reads the cluster.json of a started cluster, or undefined. */
export async function readCluster(name) {
  try {
    return await readJson(path.join(clusterStateDir(name), 'cluster.json'));
  } catch {
    return undefined;
  }
}

export async function listClusterNames() {
  try {
    const entries = await fsp.readdir(clustersDir(), { withFileTypes: true });
    const names = [];
    for (const e of entries) {
      if (
        e.isDirectory() &&
        fs.existsSync(path.join(clustersDir(), e.name, 'cluster.json'))
      )
        names.push(e.name);
    }
    return names.sort();
  } catch {
    return [];
  }
}

function kubeconfigFor({ name, url, caData, users, currentUser }) {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [
      { name, cluster: { server: url, 'certificate-authority-data': caData } },
    ],
    users: users.map(u => ({ name: u.name, user: u.user })),
    contexts: users.map(u => ({
      name: u.context,
      context: { cluster: name, user: u.name },
    })),
    'current-context': users.find(u => u.name === currentUser).context,
  };
}

function nodeManifest(i) {
  const name = `kwok-node-${i}`;
  const resources = {
    cpu: '32',
    memory: '256Gi',
    pods: '110',
    'ephemeral-storage': '1Ti',
  };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      annotations: {
        'kwok.x-k8s.io/node': 'fake',
        'node.alpha.kubernetes.io/ttl': '0',
      },
      labels: {
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/os': 'linux',
        'kubernetes.io/hostname': name,
        'kubernetes.io/role': 'agent',
        'node-role.kubernetes.io/agent': '',
        'topology.kubernetes.io/zone': `zone-${i % 3}`,
        type: 'kwok',
      },
    },
    spec: {},
    status: {
      allocatable: resources,
      capacity: resources,
      nodeInfo: {
        architecture: 'amd64',
        operatingSystem: 'linux',
        kubeletVersion: 'fake',
        kubeProxyVersion: 'fake',
      },
    },
  };
}

/** Options for HTTPS calls to a cluster's apiserver as the admin token user. */
export function adminAuth(cluster) {
  return {
    ca: Buffer.from(cluster.caData, 'base64').toString('utf8'),
    token: cluster.adminToken,
  };
}

/** Processes of a cluster that are still running. */
export function runningProcesses(cluster) {
  return Object.entries(cluster.processes ?? {}).filter(([, p]) =>
    isAlive(p.pid, p.exe),
  );
}

export function clusterRss(cluster) {
  const perProcess = {};
  let total = 0;
  for (const [name, p] of runningProcesses(cluster)) {
    perProcess[name] = rssBytes(p.pid);
    total += perProcess[name];
  }
  // The real node's processes (containers and their shims are not counted).
  for (const [name, p] of Object.entries(cluster.realNode?.processes ?? {})) {
    if (!isAlive(p.pid, p.exe)) continue;
    perProcess[`real-node/${name}`] = rssBytes(p.pid);
    total += perProcess[`real-node/${name}`];
  }
  if (cluster.gateway && isAlive(cluster.gateway.pid, cluster.gateway.exe)) {
    perProcess['gateway/traefik'] = rssBytes(cluster.gateway.pid);
    total += perProcess['gateway/traefik'];
  }
  return { total, perProcess };
}

/** Quick health: are the processes alive and does /readyz answer ok? */
export async function clusterHealth(cluster) {
  const alive = runningProcesses(cluster).map(([n]) => n);
  const missing = PROCESS_ORDER.filter(
    n => cluster.processes?.[n] && !alive.includes(n),
  );
  let ready = false;
  let nodes = { total: 0, ready: 0 };
  if (alive.includes('kube-apiserver')) {
    try {
      const r = await request(`${cluster.url}/readyz`, {
        ...adminAuth(cluster),
        timeoutMs: 3000,
      });
      ready = r.status === 200;
      const n = await request(`${cluster.url}/api/v1/nodes`, {
        ...adminAuth(cluster),
        timeoutMs: 3000,
      });
      if (n.status === 200) {
        nodes = {
          total: n.json.items.length,
          ready: n.json.items.filter(x =>
            x.status?.conditions?.some(
              c => c.type === 'Ready' && c.status === 'True',
            ),
          ).length,
        };
      }
    } catch {
      ready = false;
    }
  }
  const realNode = await realNodeHealth(cluster);
  const gateway = await gatewayHealth(cluster);
  return {
    alive,
    missing,
    ready,
    nodes,
    ...(realNode ? { realNode } : {}),
    ...(gateway ? { gateway } : {}),
    healthy:
      ready &&
      missing.length === 0 &&
      (realNode?.healthy ?? true) &&
      (gateway?.healthy ?? true),
  };
}

/**
 * Starts one cluster. `controlPlane` is the cache directory from tools/build.sh.
 * Returns the cluster description that is also written to <state>/clusters/<name>/cluster.json.
 */
export async function startCluster(
  name,
  {
    controlPlane,
    log = () => {},
    nodeCount = DEFAULT_NODE_COUNT,
    timeoutMs = 180000,
    realNode,
    gateway,
  },
) {
  validateName(name);
  const t0 = process.hrtime.bigint();
  const bin = b => path.join(controlPlane, 'bin', b);
  const stateDir = clusterStateDir(name);
  const dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), `berth-${name}-`));
  const pkiDir = path.join(dataDir, 'pki');
  const logsDir = path.join(dataDir, 'logs');
  await fsp.mkdir(logsDir, { recursive: true });
  const say = msg => log(`[${name}] ${msg} (${elapsed(t0)})`);

  const [etcdPort, etcdPeerPort, apiPort, kcmPort, schedulerPort, kwokPort] =
    await freePorts(6);
  const ports = {
    etcd: etcdPort,
    etcdPeer: etcdPeerPort,
    apiserver: apiPort,
    controllerManager: kcmPort,
    scheduler: schedulerPort,
    kwok: kwokPort,
  };
  const url = `https://127.0.0.1:${apiPort}`;

  await createPki(pkiDir, {
    clusterName: name,
    clients: [
      { name: 'admin', cn: 'berth-admin', org: 'system:masters' },
      { name: 'controller-manager', cn: 'system:kube-controller-manager' },
      { name: 'scheduler', cn: 'system:kube-scheduler' },
      // Front proxy (request-header authentication): used by aggregated API servers, and without
      // it the controller-manager and scheduler log errors about a missing requestheader CA.
      { name: 'front-proxy-client', cn: 'front-proxy-client' },
    ],
  });
  const pki = f => path.join(pkiDir, f);
  if (realNode) await createApiserverKubeletClientCert(pkiDir);
  const caPem = await fsp.readFile(pki('ca.crt'), 'utf8');
  const caData = Buffer.from(caPem).toString('base64');
  const adminToken = randomToken();
  await fsp.writeFile(
    path.join(dataDir, 'tokens.csv'),
    `${adminToken},berth-admin,berth-admin,"system:masters"\n`,
    { mode: 0o600 },
  );
  say('certificates and tokens created');

  const certUser = (userName, certName) => ({
    name: userName,
    user: {
      'client-certificate-data': Buffer.from(
        fs.readFileSync(pki(`${certName}.crt`)),
      ).toString('base64'),
      'client-key-data': Buffer.from(
        fs.readFileSync(pki(`${certName}.key`)),
      ).toString('base64'),
    },
  });
  const writeKubeconfig = async (file, users, currentUser) =>
    writeJson(
      file,
      kubeconfigFor({ name, url, caData, users, currentUser }),
      0o600,
    );
  const adminTokenUser = {
    name: `${name}-admin`,
    context: name,
    user: { token: adminToken },
  };
  const adminCertUser = {
    ...certUser(`${name}-admin-cert`, 'admin'),
    context: `${name}-cert`,
  };
  const adminKubeconfig = path.join(dataDir, 'admin.kubeconfig');
  await writeKubeconfig(
    adminKubeconfig,
    [adminTokenUser, adminCertUser],
    adminTokenUser.name,
  );
  const kcmKubeconfig = path.join(dataDir, 'controller-manager.kubeconfig');
  await writeKubeconfig(
    kcmKubeconfig,
    [
      {
        ...certUser('controller-manager', 'controller-manager'),
        context: 'default',
      },
    ],
    'controller-manager',
  );
  const schedulerKubeconfig = path.join(dataDir, 'scheduler.kubeconfig');
  await writeKubeconfig(
    schedulerKubeconfig,
    [{ ...certUser('scheduler', 'scheduler'), context: 'default' }],
    'scheduler',
  );

  const processes = {};
  const cluster = {
    name,
    url,
    server: url,
    caData,
    caFile: path.join(stateDir, 'ca.crt'),
    adminToken,
    clientCert: {
      certFile: path.join(stateDir, 'admin.crt'),
      keyFile: path.join(stateDir, 'admin.key'),
      certData: adminCertUser.user['client-certificate-data'],
      keyData: adminCertUser.user['client-key-data'],
    },
    kubeconfig: path.join(stateDir, 'kubeconfig'),
    contexts: {
      token: adminTokenUser.context,
      clientCert: adminCertUser.context,
    },
    dataDir,
    logsDir,
    ports,
    processes,
    controlPlane,
    startedAt: new Date().toISOString(),
    status: 'starting',
  };
  // Written before anything runs, so `stop` can clean up after a failed start.
  await fsp.mkdir(stateDir, { recursive: true });
  await fsp.copyFile(pki('ca.crt'), cluster.caFile);
  await fsp.copyFile(pki('admin.crt'), cluster.clientCert.certFile);
  await fsp.copyFile(pki('admin.key'), cluster.clientCert.keyFile);
  await fsp.chmod(cluster.clientCert.keyFile, 0o600);
  await writeKubeconfig(
    cluster.kubeconfig,
    [adminTokenUser, adminCertUser],
    adminTokenUser.name,
  );
  const saveState = () =>
    writeJson(path.join(stateDir, 'cluster.json'), cluster, 0o600);
  await saveState();

  const startProcess = async (procName, args) => {
    const exe = bin(procName);
    const logFile = path.join(logsDir, `${procName}.log`);
    const pid = spawnDetached(exe, args, { logFile, cwd: dataDir });
    processes[procName] = { pid, exe, logFile };
    await saveState();
    return processes[procName];
  };
  const assertRunning = async () => {
    for (const [procName, p] of Object.entries(processes)) {
      if (!isAlive(p.pid, p.exe)) {
        throw new Error(
          `${procName} exited during start; last lines of ${p.logFile}:\n${tail(
            p.logFile,
          )}`,
        );
      }
    }
  };
  const wait = (what, check, timeout = timeoutMs) =>
    waitFor(what, check, { timeoutMs: timeout, onPoll: assertRunning });
  const auth = { ca: caPem, token: adminToken };
  const api = (p, opts = {}) => request(`${url}${p}`, { ...auth, ...opts });

  try {
    // etcd
    await startProcess('etcd', [
      `--name=${name}`,
      `--data-dir=${path.join(dataDir, 'etcd')}`,
      `--listen-client-urls=http://127.0.0.1:${etcdPort}`,
      `--advertise-client-urls=http://127.0.0.1:${etcdPort}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
      `--initial-cluster=${name}=http://127.0.0.1:${etcdPeerPort}`,
      '--unsafe-no-fsync',
      '--log-level=warn',
    ]);
    await wait(
      'etcd /health',
      async () =>
        (await request(`http://127.0.0.1:${etcdPort}/health`)).json?.health ===
        'true',
    );
    say('etcd ready');

    // kube-apiserver
    await startProcess('kube-apiserver', [
      `--etcd-servers=http://127.0.0.1:${etcdPort}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${apiPort}`,
      `--cert-dir=${pkiDir}`,
      `--tls-cert-file=${pki('apiserver.crt')}`,
      `--tls-private-key-file=${pki('apiserver.key')}`,
      `--client-ca-file=${pki('ca.crt')}`,
      `--token-auth-file=${path.join(dataDir, 'tokens.csv')}`,
      '--authorization-mode=RBAC',
      `--requestheader-client-ca-file=${pki('ca.crt')}`,
      '--requestheader-allowed-names=front-proxy-client',
      '--requestheader-username-headers=X-Remote-User',
      '--requestheader-group-headers=X-Remote-Group',
      '--requestheader-extra-headers-prefix=X-Remote-Extra-',
      `--proxy-client-cert-file=${pki('front-proxy-client.crt')}`,
      `--proxy-client-key-file=${pki('front-proxy-client.key')}`,
      `--service-account-issuer=${url}`,
      `--service-account-key-file=${pki('sa.pub')}`,
      `--service-account-signing-key-file=${pki('sa.key')}`,
      `--service-cluster-ip-range=${SERVICE_CIDR}`,
      '--allow-privileged=true',
      // 127.0.0.1 is not a valid Endpoints address; the "kubernetes" Service gets no endpoints.
      '--endpoint-reconciler-type=none',
      '--profiling=false',
      '--v=1',
      // Logs and exec on the real node; kwok's nodes report 127.0.0.1 as InternalIP too.
      ...(realNode
        ? [
            `--kubelet-client-certificate=${pki(
              'apiserver-kubelet-client.crt',
            )}`,
            `--kubelet-client-key=${pki('apiserver-kubelet-client.key')}`,
            `--kubelet-certificate-authority=${pki('ca.crt')}`,
            '--kubelet-preferred-address-types=InternalIP',
          ]
        : []),
    ]);
    await wait(
      'kube-apiserver /readyz',
      async () => (await api('/readyz', { timeoutMs: 3000 })).status === 200,
    );
    say('kube-apiserver ready');
    await createStorageClass(cluster);

    // Controllers, scheduler, kwok
    await startProcess('kube-controller-manager', [
      `--kubeconfig=${kcmKubeconfig}`,
      `--authentication-kubeconfig=${kcmKubeconfig}`,
      `--authorization-kubeconfig=${kcmKubeconfig}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${kcmPort}`,
      `--cert-dir=${path.join(dataDir, 'controller-manager')}`,
      '--leader-elect=false',
      '--use-service-account-credentials=true',
      `--service-account-private-key-file=${pki('sa.key')}`,
      `--root-ca-file=${pki('ca.crt')}`,
      `--cluster-signing-cert-file=${pki('ca.crt')}`,
      `--cluster-signing-key-file=${pki('ca.key')}`,
      `--service-cluster-ip-range=${SERVICE_CIDR}`,
      ...PROVISIONER_FLAGS,
      '--profiling=false',
      '--v=1',
    ]);
    await startProcess('kube-scheduler', [
      `--kubeconfig=${schedulerKubeconfig}`,
      `--authentication-kubeconfig=${schedulerKubeconfig}`,
      `--authorization-kubeconfig=${schedulerKubeconfig}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${schedulerPort}`,
      `--cert-dir=${path.join(dataDir, 'scheduler')}`,
      '--leader-elect=false',
      '--profiling=false',
      '--v=1',
    ]);
    const stages = (await fsp.readdir(path.join(controlPlane, 'kwok-stages')))
      .filter(f => f.endsWith('.yaml'))
      .sort();
    await startProcess('kwok', [
      `--kubeconfig=${adminKubeconfig}`,
      '--manage-all-nodes=false',
      '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
      `--server-address=127.0.0.1:${kwokPort}`,
      '--node-ip=127.0.0.1',
      '--cidr=10.244.0.0/16',
      // Without a KwokConfiguration the lease duration is 0: kwok then renews no node Leases and
      // the node lifecycle controller marks every node NotReady (and taints it) ~50 s after start.
      '--node-lease-duration-seconds=40',
      ...stages.map(
        s => `--config=${path.join(controlPlane, 'kwok-stages', s)}`,
      ),
    ]);

    for (let i = 0; i < nodeCount; i++) {
      const r = await api('/api/v1/nodes', {
        method: 'POST',
        body: nodeManifest(i),
      });
      if (r.status !== 201 && r.status !== 409)
        throw new Error(`creating node ${i}: HTTP ${r.status} ${r.body}`);
    }

    // CRDs and the cluster roles of manifests/: server-side apply (the Istio CRDs are too large
    // for client-side apply's annotation).
    const crdDirs = ['istio', 'gateway-api'].map(d =>
      path.join(controlPlane, 'crds', d),
    );
    await run(bin('kubectl'), [
      `--kubeconfig=${adminKubeconfig}`,
      'apply',
      '--server-side',
      '--force-conflicts',
      '--field-manager=berth-local-clusters',
      ...crdDirs.flatMap(d => ['-f', d]),
      '-f',
      new URL('./manifests', import.meta.url).pathname,
    ]);
    say('processes started, nodes and CRDs created');

    await wait('CRDs Established', async () => {
      const r = await api(
        '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
      );
      const items = r.json?.items ?? [];
      return (
        items.length > 0 &&
        items.every(c =>
          c.status?.conditions?.some(
            x => x.type === 'Established' && x.status === 'True',
          ),
        )
      );
    });
    await wait(
      'kube-controller-manager /healthz',
      async () =>
        (
          await request(`https://127.0.0.1:${kcmPort}/healthz`, {
            insecure: true,
            timeoutMs: 3000,
          })
        ).status === 200,
    );
    await wait(
      'kube-scheduler /readyz',
      async () =>
        (
          await request(`https://127.0.0.1:${schedulerPort}/readyz`, {
            insecure: true,
            timeoutMs: 3000,
          })
        ).status === 200,
    );
    await wait(
      'kwok /healthz',
      async () =>
        (
          await request(`http://127.0.0.1:${kwokPort}/healthz`, {
            timeoutMs: 3000,
          })
        ).status === 200,
    );
    await wait(`${nodeCount} Ready nodes`, async () => {
      const r = await api('/api/v1/nodes');
      const ready = (r.json?.items ?? []).filter(n =>
        n.status?.conditions?.some(
          c => c.type === 'Ready' && c.status === 'True',
        ),
      );
      return ready.length >= nodeCount;
    });
    await wait(`${nodeCount} node Leases`, async () => {
      const r = await api(
        '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases',
      );
      return (r.json?.items ?? []).length >= nodeCount;
    });
    await wait(
      'the default ServiceAccount',
      async () =>
        (
          await api('/api/v1/namespaces/default/serviceaccounts/default')
        ).status === 200,
    );
    await wait(
      'the kube-root-ca.crt ConfigMap',
      async () =>
        (
          await api('/api/v1/namespaces/default/configmaps/kube-root-ca.crt')
        ).status === 200,
    );

    if (realNode) {
      await startRealNode(cluster, {
        binDir: realNode.binDir,
        log: say,
        timeoutMs,
        saveState: async record => {
          cluster.realNode = record;
          await saveState();
        },
      });
    }

    if (gateway) {
      await startGateway(cluster, {
        binary: gateway.binary,
        kubectl: bin('kubectl'),
        watchNode: cluster.realNode ? REAL_NODE_NAME : undefined,
        log: say,
        saveState: async record => {
          cluster.gateway = record;
          await saveState();
        },
      });
    }

    cluster.status = 'running';
    cluster.readyAt = new Date().toISOString();
    cluster.startSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    await saveState();
    say(`ready at ${url}`);
    return cluster;
  } catch (e) {
    cluster.status = 'failed';
    await saveState().catch(() => {});
    await stopGateway(cluster, { log: say });
    await stopRealNode(cluster, { log: say });
    await stopProcesses(cluster);
    e.message = `[${name}] start failed (logs kept in ${logsDir}): ${e.message}`;
    throw e;
  }
}

async function stopProcesses(cluster) {
  for (const procName of PROCESS_ORDER) {
    const p = cluster.processes?.[procName];
    if (p) await killGroup(p.pid, p.exe, procName === 'etcd' ? 10000 : 5000);
  }
}

/** Stops a cluster's processes and removes its data dir and state dir. Returns false if unknown. */
export async function stopCluster(
  name,
  { log = () => {}, keepData = false } = {},
) {
  const cluster = await readCluster(name);
  if (!cluster) {
    await fsp.rm(clusterStateDir(name), { recursive: true, force: true });
    return false;
  }
  // Traefik, then the real node (its kubelet and kube-proxy need the API server), in the recipe's order.
  await stopGateway(cluster, { log: msg => log(`[${name}] ${msg}`) });
  await stopRealNode(cluster, { log: msg => log(`[${name}] ${msg}`) });
  const volumeDirs = await provisionedDirs(cluster);
  await stopProcesses(cluster);
  await removeVolumeDirs(volumeDirs);
  if (
    !keepData &&
    cluster.dataDir &&
    path.basename(cluster.dataDir).startsWith(`berth-${name}-`)
  ) {
    await fsp.rm(cluster.dataDir, { recursive: true, force: true });
  }
  await fsp.rm(clusterStateDir(name), { recursive: true, force: true });
  log(
    `[${name}] stopped${keepData ? ` (data kept in ${cluster.dataDir})` : ''}`,
  );
  return true;
}
