// The Gateway API data plane of a local cluster: Traefik (tools/traefik, built by
// tools/build-node.sh into the node binaries' cache) runs outside the cluster with the cluster's
// admin kubeconfig and the Gateway API provider, on a free loopback port. Every cluster gets the
// GatewayClass `berth` (controller traefik.io/gateway-controller) and the Gateway
// `berth-gateway/berth` whose one HTTP listener is Traefik's entry point `web`, open to routes of
// every namespace. Traefik watches only `berth-gateway` and, on a cluster with the real node, the
// namespaces that have a pod on that node (tools/traefik/patches: watchPodsOnNode; routes to
// kwok pods could not be served anyway). Traefik's pid and ports are recorded in cluster.json (`gateway`) before it is
// waited for, so `stop` and the sweep of a crashed cluster (startClusters stops what a stale
// cluster.json names) find it.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  freePorts,
  isAlive,
  killGroup,
  request,
  run,
  spawnDetached,
  tail,
  waitFor,
} from '../util.mjs';
import {
  GATEWAY_CLASS,
  GATEWAY_CONTROLLER,
  GATEWAY_NAME,
  GATEWAY_NAMESPACE,
  MESH_URL,
  gatewayManifests,
} from './manifests.mjs';
import { NODE_IP } from '../real-node/constants.mjs';

export {
  GATEWAY_CLASS,
  GATEWAY_CONTROLLER,
  GATEWAY_NAME,
  GATEWAY_NAMESPACE,
  MESH_URL,
} from './manifests.mjs';

const BUILD_SCRIPT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../tools/build-node.sh',
);
/** Traefik's reload throttle: a new HTTPRoute is served within a few hundred ms. */
const THROTTLE = '100ms';

/**
 * The Traefik binary when tools/build-node.sh has built it, else undefined.
 * BERTH_GATEWAY=0 turns the gateway off; BERTH_TRAEFIK_BIN names another binary.
 */
export async function builtTraefik() {
  if (process.env.BERTH_GATEWAY === '0') return undefined;
  const override = process.env.BERTH_TRAEFIK_BIN;
  if (override) {
    if (!fs.existsSync(override))
      throw new Error(`BERTH_TRAEFIK_BIN=${override} does not exist`);
    return override;
  }
  const dir = await new Promise(resolve => {
    const child = spawn('bash', [BUILD_SCRIPT, '--print-dir'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let s = '';
    child.stdout.on('data', d => (s += d));
    child.on('close', () => resolve(s.trim()));
    child.on('error', () => resolve(''));
  });
  const bin = dir && path.join(dir, 'bin', 'traefik');
  return bin && fs.existsSync(path.join(dir, '.complete')) && fs.existsSync(bin)
    ? bin
    : undefined;
}

/** What Traefik watches: the Gateway's namespace, plus namespaces with a pod on `node` if set. */
export function gatewayWatch(node) {
  return { namespaces: [GATEWAY_NAMESPACE], podsOnNode: node ?? null };
}

function traefikArgs({ webPort, pingPort, watch, meshPort, accessLog }) {
  return [
    `--entryPoints.web.address=127.0.0.1:${webPort}`,
    // The in-cluster entry point, on the node IP (the pod bridge): pods reach it through the
    // Service berth-gateway/mesh; nothing outside the machine routes to that address.
    ...(meshPort ? [`--entryPoints.mesh.address=${NODE_IP}:${meshPort}`] : []),
    // --ping would otherwise open the default `traefik` entry point on :8080, every interface.
    `--entryPoints.traefik.address=127.0.0.1:${pingPort}`,
    '--ping',
    '--ping.entryPoint=traefik',
    '--providers.kubernetesGateway',
    '--providers.kubernetesGateway.statusAddress.ip=127.0.0.1',
    `--providers.kubernetesGateway.namespaces=${watch.namespaces.join(',')}`,
    ...(watch.podsOnNode
      ? [`--providers.kubernetesGateway.watchPodsOnNode=${watch.podsOnNode}`]
      : []),
    `--providers.providersThrottleDuration=${THROTTLE}`,
    '--global.checkNewVersion=false',
    '--global.sendAnonymousUsage=false',
    '--log.level=INFO',
    // Requests, with the sandbox routing headers, one JSON line each: Berth's sandbox traffic
    // source (berth.clusters.<name>.sandboxTraffic) reads which services each key reached.
    '--accessLog=true',
    `--accessLog.filePath=${accessLog}`,
    '--accessLog.format=json',
    '--accessLog.fields.headers.defaultMode=drop',
    '--accessLog.fields.headers.names.X-Env=keep',
    '--accessLog.fields.headers.names.Baggage=keep',
  ];
}

/**
 * Applies the GatewayClass and the Gateway and starts Traefik for `cluster` (a cluster.json
 * description whose API server is ready); `watchNode` names the real node whose pods' namespaces
 * Traefik watches (none: only the Gateway's namespace). `saveState(record)` persists the record (pid, ports,
 * URL) as soon as Traefik is spawned. Resolves with the record once Traefik answers its ping and
 * reports the Gateway Programmed.
 */
export async function startGateway(
  cluster,
  { binary, kubectl, watchNode, log = () => {}, saveState, timeoutMs = 60000 },
) {
  // The in-cluster entry point needs the node IP, which exists only with the real node.
  const [webPort, pingPort, meshPort] = await freePorts(watchNode ? 3 : 2);
  const mesh = meshPort ? { nodeIp: NODE_IP, port: meshPort } : undefined;
  const manifest = path.join(cluster.dataDir, 'gateway.json');
  await fsp.writeFile(
    manifest,
    JSON.stringify(gatewayManifests(webPort, mesh), null, 2),
  );
  await run(kubectl, [
    `--kubeconfig=${cluster.kubeconfig}`,
    'apply',
    '--server-side',
    '--force-conflicts',
    '--field-manager=berth-local-clusters',
    '-f',
    manifest,
  ]);
  const logFile = path.join(cluster.logsDir, 'traefik.log');
  const accessLog = path.join(cluster.logsDir, 'traefik-access.json');
  const watch = gatewayWatch(watchNode);
  const pid = spawnDetached(
    binary,
    traefikArgs({ webPort, pingPort, watch, meshPort, accessLog }),
    {
      logFile,
      cwd: cluster.dataDir,
      env: { ...process.env, KUBECONFIG: cluster.kubeconfig },
    },
  );
  const record = {
    pid,
    exe: binary,
    logFile,
    accessLog,
    port: webPort,
    pingPort,
    url: `http://127.0.0.1:${webPort}`,
    ...(mesh && {
      mesh: {
        port: meshPort,
        address: `${NODE_IP}:${meshPort}`,
        url: MESH_URL,
      },
    }),
    gatewayClass: GATEWAY_CLASS,
    gateway: `${GATEWAY_NAMESPACE}/${GATEWAY_NAME}`,
    watch,
  };
  await saveState(record);
  const onPoll = async () => {
    if (!isAlive(pid, binary))
      throw new Error(
        `traefik exited during start; last lines of ${logFile}:\n${tail(
          logFile,
        )}`,
      );
  };
  await waitFor(
    'traefik /ping',
    async () =>
      (
        await request(`http://127.0.0.1:${pingPort}/ping`, { timeoutMs: 2000 })
      ).status === 200,
    { timeoutMs, onPoll },
  );
  const auth = {
    ca: Buffer.from(cluster.caData, 'base64').toString('utf8'),
    token: cluster.adminToken,
  };
  await waitFor(
    `Gateway ${record.gateway} Programmed`,
    async () => {
      const r = await request(
        `${cluster.url}/apis/gateway.networking.k8s.io/v1/namespaces/${GATEWAY_NAMESPACE}/gateways/${GATEWAY_NAME}`,
        { ...auth, timeoutMs: 3000 },
      );
      return r.json?.status?.conditions?.some(
        c => c.type === 'Programmed' && c.status === 'True',
      );
    },
    { timeoutMs, onPoll },
  );
  log(`gateway ready at ${record.url} (traefik pid ${pid})`);
  return record;
}

/** Stops the cluster's Traefik, if it has one (the Gateway objects go with the cluster). */
export async function stopGateway(cluster, { log = () => {} } = {}) {
  const g = cluster?.gateway;
  if (!g) return false;
  const stopped = await killGroup(g.pid, g.exe, 5000);
  if (stopped) log(`gateway stopped (traefik pid ${g.pid})`);
  return stopped;
}

/** Whether the cluster's Traefik runs and answers its ping; undefined without a gateway. */
export async function gatewayHealth(cluster) {
  const g = cluster?.gateway;
  if (!g) return undefined;
  const alive = isAlive(g.pid, g.exe);
  let ping = false;
  if (alive) {
    try {
      ping =
        (
          await request(`http://127.0.0.1:${g.pingPort}/ping`, {
            timeoutMs: 2000,
          })
        ).status === 200;
    } catch {
      ping = false;
    }
  }
  return {
    url: g.url,
    meshUrl: g.mesh?.url,
    pid: g.pid,
    alive,
    healthy: alive && ping,
    watch: g.watch,
  };
}
