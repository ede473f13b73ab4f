// The real node of a local cluster: containerd + runc, a kubelet and kube-proxy (nftables) beside
// the kwok nodes, on the pod bridge berth0, with the project's images in a loopback registry.
// One per machine (the bridge and the Service range are host-wide), started in local-east when
// the node binaries are built (tools/build-node.sh) and the machine allows it (root, no other
// real node). Stop and the sweep after a crash: ./sweep.mjs.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  freePorts,
  isAlive,
  readJson,
  request,
  spawnDetached,
  tail,
  waitFor,
  writeJson,
} from '../util.mjs';
import { createNodeCgroups } from './cgroups.mjs';
import { writeNodeConfigs } from './configs.mjs';
import {
  HOST_PATHS,
  KUBELET_SYSCTLS,
  MACHINE_RECORD,
  NODE_IP,
  NODE_NAME,
  OTHER_SYSCTLS,
} from './constants.mjs';
import { existing, readSysctls, restoreSysctls } from './host.mjs';
import { bridgeExists, installNetworkSafety } from './network.mjs';
import { createNodeCerts } from './pki.mjs';
import { pushNodeImages, startNodeRegistry } from './registry.mjs';
import { sweepRealNode } from './sweep.mjs';
import { startCoreDns } from '../coredns/index.mjs';

export { sweepRealNode } from './sweep.mjs';
export { createApiserverKubeletClientCert } from './pki.mjs';
export { NODE_NAME, TAINT_KEY } from './constants.mjs';

/** The cluster that gets the real node. */
export const REAL_NODE_CLUSTER = 'local-east';
const BUILD_SCRIPT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../tools/build-node.sh',
);

/** The node binaries' directory when tools/build-node.sh has completed it, else undefined. */
export async function builtNodeBinDir() {
  if (process.env.BERTH_REAL_NODE === '0') return undefined;
  const out = await new Promise(resolve => {
    const child = spawn('bash', [BUILD_SCRIPT, '--print-dir'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let s = '';
    child.stdout.on('data', d => (s += d));
    child.on('close', () => resolve(s.trim()));
    child.on('error', () => resolve(''));
  });
  return out && fs.existsSync(path.join(out, '.complete'))
    ? path.join(out, 'bin')
    : undefined;
}

async function readMachineRecord() {
  try {
    return await readJson(MACHINE_RECORD);
  } catch {
    return undefined;
  }
}

/**
 * Why no real node can start here (a sentence), or undefined when it can. Sweeps what a crashed
 * run left first (the machine record names its pids, directories and sysctls).
 */
export async function realNodeBlocker({ log = () => {} } = {}) {
  if (process.getuid?.() !== 0)
    return 'the real node needs root (cgroups, bridge, nftables)';
  const previous = await readMachineRecord();
  if (previous) {
    const alive = Object.values(previous.processes ?? {}).some(p =>
      isAlive(p.pid, p.exe),
    );
    if (alive && fs.existsSync(previous.stateFile ?? '')) {
      return `a real node already runs on this machine (state ${previous.stateFile})`;
    }
    log(`sweeping a real node left by an earlier run (${previous.dir})`);
    const problems = await sweepRealNode(previous, { log });
    if (problems.length)
      return `the sweep of an earlier real node left: ${problems.join('; ')}`;
  }
  if (await bridgeExists())
    return 'berth0 exists: another real node runs on this machine';
  return undefined;
}

const api = (cluster, p, opts = {}) =>
  request(`${cluster.url}${p}`, {
    ca: Buffer.from(cluster.caData, 'base64').toString('utf8'),
    token: cluster.adminToken,
    ...opts,
  });

async function bindNodeRole(cluster) {
  const r = await api(
    cluster,
    '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
    {
      method: 'POST',
      body: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'berth:real-node' },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: 'system:node',
        },
        // The cluster runs RBAC without the Node authorizer.
        subjects: [
          {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'User',
            name: `system:node:${NODE_NAME}`,
          },
        ],
      },
    },
  );
  if (r.status !== 201 && r.status !== 409)
    throw new Error(`binding system:node: HTTP ${r.status} ${r.body}`);
}

const nodeReady = async cluster => {
  const r = await api(cluster, `/api/v1/nodes/${NODE_NAME}`, {
    timeoutMs: 3000,
  });
  return r.json?.status?.conditions?.some(
    c => c.type === 'Ready' && c.status === 'True',
  );
};

/**
 * Starts the real node in `cluster` (running, with its kubelet client cert in the PKI).
 * `saveState(realNode)` persists the record before each process starts, so stop finds every pid.
 * Returns the record (also cluster.realNode).
 */
export async function startRealNode(
  cluster,
  { binDir, log = () => {}, saveState, timeoutMs = 120000 },
) {
  const t0 = Date.now();
  const dir = path.join(cluster.dataDir, 'real-node');
  await fsp.mkdir(dir, { recursive: true });
  const record = {
    node: NODE_NAME,
    dir,
    binDir,
    stateFile: path.join(path.dirname(cluster.kubeconfig), 'cluster.json'),
    processes: {},
    sysctls: readSysctls([...KUBELET_SYSCTLS, ...OTHER_SYSCTLS]),
    createdHostPaths: HOST_PATHS.filter(p => !existing([p]).length),
    api: {
      url: cluster.url,
      ca: Buffer.from(cluster.caData, 'base64').toString('utf8'),
      token: cluster.adminToken,
    },
    figures: {},
  };
  const save = async () => {
    await fsp.mkdir(path.dirname(MACHINE_RECORD), { recursive: true });
    await writeJson(MACHINE_RECORD, record, 0o600);
    await saveState(record);
  };
  await save();
  const logsDir = path.join(dir, 'logs');
  await fsp.mkdir(logsDir, { recursive: true });
  const startProcess = async (name, exe, args, env) => {
    const logFile = path.join(logsDir, `${name}.log`);
    const pid = spawnDetached(exe, args, { logFile, cwd: dir, env });
    record.processes[name] = { pid, exe, logFile };
    await save();
  };
  const assertRunning = async () => {
    for (const [name, p] of Object.entries(record.processes)) {
      if (!isAlive(p.pid, p.exe))
        throw new Error(
          `${name} exited; last lines of ${p.logFile}:\n${tail(p.logFile)}`,
        );
    }
  };
  const wait = (what, check) =>
    waitFor(what, check, { timeoutMs, onPoll: assertRunning });

  try {
    await installNetworkSafety(dir);
    createNodeCgroups();
    log(
      'network safety installed (blackhole for kwok pods, Service range into berth0, nft drops), cgroups made',
    );

    const registry = await startNodeRegistry(path.join(dir, 'registry'), {
      onProcess: async p => {
        record.processes.registry = p;
        await save();
      },
    });
    record.registry = registry.host;
    record.images = await pushNodeImages(registry.host);
    await save();
    log(`images pushed to ${registry.host}`);

    const certs = await createNodeCerts(
      path.join(dir, 'pki'),
      path.join(cluster.dataDir, 'pki'),
    );
    await bindNodeRole(cluster);
    const [kubeletHealthz, kubeProxyHealthz, kubeProxyMetrics] =
      await freePorts(3);
    const paths = await writeNodeConfigs(dir, {
      url: cluster.url,
      certs,
      binDir,
      pauseImage: record.images.pause,
      registry: registry.host,
      ports: { kubeletHealthz, kubeProxyHealthz, kubeProxyMetrics },
    });

    const tDns = Date.now();
    await startCoreDns(cluster, {
      dir: path.join(dir, 'coredns'),
      binDir,
      startProcess,
      wait,
    });
    record.figures.coreDnsReadySeconds = (Date.now() - tDns) / 1000;
    log(`CoreDNS ready in ${record.figures.coreDnsReadySeconds}s`);

    const env = { ...process.env, PATH: `${binDir}:${process.env.PATH}` };
    await startProcess(
      'containerd',
      path.join(binDir, 'containerd'),
      ['--config', paths.containerdConfig, '--log-level', 'warn'],
      env,
    );
    await wait('the containerd socket', async () =>
      fs.existsSync(paths.containerdSocket),
    );

    const tKubelet = Date.now();
    await startProcess(
      'kubelet',
      path.join(binDir, 'kubelet'),
      [
        `--config=${paths.kubeletConfig}`,
        `--kubeconfig=${paths.kubeletKubeconfig}`,
        `--root-dir=${paths.kubeletRoot}`,
        `--node-ip=${NODE_IP}`,
        `--hostname-override=${NODE_NAME}`,
        '--node-labels=berth.dev/real-node=true',
        '--v=1',
      ],
      env,
    );
    await wait(`node ${NODE_NAME} Ready`, () => nodeReady(cluster));
    record.figures.nodeReadySeconds = (Date.now() - tKubelet) / 1000;
    // The kubelet sets these once at start; the machine gets its values back at once.
    const restored = restoreSysctls(
      Object.fromEntries(
        KUBELET_SYSCTLS.filter(k => k in record.sysctls).map(k => [
          k,
          record.sysctls[k],
        ]),
      ),
    );
    if (restored.length)
      log(`restored the sysctls the kubelet set: ${restored.join(' ')}`);

    await startProcess(
      'kube-proxy',
      path.join(binDir, 'kube-proxy'),
      [`--config=${paths.kubeProxyConfig}`, '--v=1'],
      env,
    );
    await wait(
      'kube-proxy /healthz',
      async () =>
        (
          await request(`http://127.0.0.1:${kubeProxyHealthz}/healthz`, {
            timeoutMs: 2000,
          })
        ).status === 200,
    );
    record.status = 'running';
    record.figures.startSeconds = (Date.now() - t0) / 1000;
    await save();
    log(
      `real node ${NODE_NAME} Ready in ${record.figures.nodeReadySeconds}s (all started in ${record.figures.startSeconds}s)`,
    );
    return record;
  } catch (e) {
    record.status = 'failed';
    await save().catch(() => {});
    const problems = await sweepRealNode(record, { log });
    e.message = `real node: ${e.message}${
      problems.length ? ` (sweep left: ${problems.join('; ')})` : ''
    }`;
    throw e;
  }
}

/** Stops the cluster's real node, if it has one; returns what could not be removed. */
export async function stopRealNode(cluster, { log = () => {} } = {}) {
  if (!cluster?.realNode) return [];
  const problems = await sweepRealNode(cluster.realNode, { log });
  log(
    problems.length
      ? `real node stopped; left: ${problems.join('; ')}`
      : 'real node stopped, machine state restored',
  );
  return problems;
}

/** Whether the real node's processes run and the node is Ready. */
export async function realNodeHealth(cluster) {
  const rn = cluster.realNode;
  if (!rn) return undefined;
  const alive = Object.entries(rn.processes ?? {})
    .filter(([, p]) => isAlive(p.pid, p.exe))
    .map(([n]) => n);
  const missing = Object.keys(rn.processes ?? {}).filter(
    n => !alive.includes(n),
  );
  let ready = false;
  try {
    ready = Boolean(await nodeReady(cluster));
  } catch {
    ready = false;
  }
  return {
    node: NODE_NAME,
    alive,
    missing,
    ready,
    healthy: ready && missing.length === 0 && rn.status === 'running',
  };
}
