// Public API of Berth's local clusters, for scripts and for a Jest globalSetup/globalTeardown:
//
//   import { startClusters, stopClusters } from '<repo>/scripts/local-clusters/index.mjs';
//   const clusters = await startClusters(['local-east', 'local-west']);   // [{ name, url, caData, adminToken, ... }]
//   await stopClusters();                                                 // all started clusters
//
// Binaries come from tools/build.sh (built once into ${BERTH_CACHE_DIR:-~/.cache/berth}/controlplane/<key>/),
// state goes to ${BERTH_STATE_DIR:-~/.cache/berth/state}/clusters/<name>/. Node built-ins only.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_NODE_COUNT,
  clusterHealth,
  clusterRss,
  clustersDir,
  listClusterNames,
  readCluster,
  startCluster,
  stopCluster,
  validateName,
} from './cluster.mjs';
import { checkOpenssl, elapsed, writeJson } from './util.mjs';
import {
  REAL_NODE_CLUSTER,
  builtNodeBinDir,
  realNodeBlocker,
} from './real-node/index.mjs';
import { builtTraefik } from './gateway/index.mjs';

export {
  readCluster,
  listClusterNames,
  clustersDir,
  stateRoot,
  clusterStateDir,
  adminAuth,
} from './cluster.mjs';

export const DEFAULT_CLUSTERS = ['local-east', 'local-west'];
export const REPO_ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
);

const defaultLog = msg => process.stderr.write(`${msg}\n`);

/**
 * Returns the control-plane cache directory (bin/, kwok-stages/, crds/), building it with
 * tools/build.sh when it is missing (a cold build takes a long time; progress goes to the log).
 * BERTH_CONTROLPLANE_DIR overrides the directory and skips the build.
 */
export async function ensureControlPlane({ log = defaultLog } = {}) {
  const override = process.env.BERTH_CONTROLPLANE_DIR;
  if (override) {
    if (!fs.existsSync(path.join(override, 'bin', 'kube-apiserver'))) {
      throw new Error(
        `BERTH_CONTROLPLANE_DIR=${override} has no bin/kube-apiserver`,
      );
    }
    return override;
  }
  const script = path.join(REPO_ROOT, 'tools', 'build.sh');
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', d => (out += d));
    let pending = '';
    child.stderr.on('data', d => {
      pending += d;
      const lines = pending.split('\n');
      pending = lines.pop();
      lines.forEach(l => log(l));
    });
    child.on('error', reject);
    child.on('close', code => {
      if (pending) log(pending);
      const dir = out.trim().split('\n').pop();
      if (code === 0 && dir && fs.existsSync(path.join(dir, '.complete')))
        resolve(dir);
      else reject(new Error(`tools/build.sh failed with exit code ${code}`));
    });
  });
}

/**
 * Writes the files that cover every started cluster:
 *  - <state>/clusters/app-config.clusters.yaml: Backstage `kubernetes` config (JSON, valid YAML)
 *  - <state>/clusters/kubeconfig: all clusters' contexts in one kubeconfig (JSON)
 * Both are removed when no cluster is left.
 */
function environmentUrls(clusters) {
  return Object.fromEntries(
    clusters
      .filter(c => c.realNode && c.gateway?.port)
      .map(c => [
        c.name,
        {
          environmentUrl: `http://{namespace}.localhost:${c.gateway.port}/`,
          // Which services requests with a sandbox's key reached: the gateway's access log.
          ...(c.gateway.accessLog && {
            sandboxTraffic: {
              source: 'traefik-access-log',
              accessLogPath: c.gateway.accessLog,
            },
          }),
        },
      ]),
  );
}

/** The namespace of build Jobs on the real node's cluster (created by `./berth start`). */
export const DEMO_BUILD_NAMESPACE = 'berth-builds';

/**
 * Workflow jobs (`script`, `test`) run on the real node when a cluster has one: its job runner
 * image from the node registry, and the node's taint tolerated. Build jobs run there too, with
 * the local builder (tools/images/builder), pushing to the node's registry.
 */
function workflowJobs(clusters) {
  const withNode = clusters.find(c => c.realNode?.images?.jobrunner);
  if (!withNode) return undefined;
  const onTheNode = {
    tolerations: [
      {
        key: 'berth.dev/real-node',
        operator: 'Exists',
        effect: 'NoSchedule',
      },
    ],
    nodeSelector: { 'berth.dev/real-node': 'true' },
  };
  const { images, registry } = withNode.realNode;
  return {
    jobs: { runnerImage: images.jobrunner, ...onTheNode },
    ...(images.builder &&
      registry && {
        build: {
          builder: 'local',
          cluster: withNode.name,
          namespace: DEMO_BUILD_NAMESPACE,
          ...onTheNode,
          local: { image: images.builder, registryUrl: `http://${registry}` },
        },
      }),
  };
}

export async function writeCombinedConfig() {
  const dir = clustersDir();
  const appConfig = path.join(dir, 'app-config.clusters.yaml');
  const kubeconfig = path.join(dir, 'kubeconfig');
  const clusters = [];
  for (const name of await listClusterNames()) {
    const c = await readCluster(name);
    if (c?.status === 'running') clusters.push(c);
  }
  if (clusters.length === 0) {
    fs.rmSync(appConfig, { force: true });
    fs.rmSync(kubeconfig, { force: true });
    return undefined;
  }
  await writeJson(
    appConfig,
    {
      kubernetes: {
        serviceLocatorMethod: { type: 'multiTenant' },
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: clusters.map(c => ({
              name: c.name,
              url: c.url,
              authProvider: 'serviceAccount',
              serviceAccountToken: c.adminToken,
              caData: c.caData,
              skipTLSVerify: false,
              // no metrics-server in the local clusters: without this the
              // stock Kubernetes tab shows "There was a problem retrieving
              // Kubernetes objects" for the failed pod metrics request
              skipMetricsLookup: true,
            })),
          },
        ],
      },
      // A cluster whose gateway reaches real pods serves each environment at
      // http://<namespace>.localhost:<gateway port>/ (the demo's front end runs there).
      berth: {
        clusters: environmentUrls(clusters),
        ...(workflowJobs(clusters) && { workflows: workflowJobs(clusters) }),
      },
    },
    0o600,
  );
  const merged = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [],
    users: [],
    contexts: [],
  };
  for (const c of clusters) {
    const k = JSON.parse(fs.readFileSync(c.kubeconfig, 'utf8'));
    merged.clusters.push(...k.clusters);
    merged.users.push(...k.users);
    merged.contexts.push(...k.contexts);
  }
  merged['current-context'] = clusters[0].contexts.token;
  await writeJson(kubeconfig, merged, 0o600);
  return { appConfig, kubeconfig };
}

/**
 * Starts the named clusters side by side (default local-east and local-west) and resolves with
 * their descriptions (the content of each cluster.json). A cluster that is already running and
 * healthy is reused unless `reuse: false`; a stale one is cleaned up and started anew.
 *
 * @param {string[]} [names]
 * @param {{ log?: (msg: string) => void, reuse?: boolean, nodeCount?: number, timeoutMs?: number }} [options]
 * @returns {Promise<Array<object>>}
 */
export async function startClusters(
  names = DEFAULT_CLUSTERS,
  {
    log = defaultLog,
    reuse = true,
    nodeCount = DEFAULT_NODE_COUNT,
    timeoutMs,
  } = {},
) {
  if (!names || names.length === 0) names = DEFAULT_CLUSTERS;
  names.forEach(validateName);
  if (new Set(names).size !== names.length)
    throw new Error(`duplicate cluster names: ${names.join(' ')}`);
  await checkOpenssl();
  const controlPlane = await ensureControlPlane({ log });
  const t0 = process.hrtime.bigint();
  // The real node joins local-east when its binaries are built (./berth build node).
  const nodeBinDir = names.includes(REAL_NODE_CLUSTER)
    ? await builtNodeBinDir()
    : undefined;
  // Every cluster gets a Gateway served by Traefik when tools/build-node.sh built it.
  const traefik = await builtTraefik();

  const results = await Promise.allSettled(
    names.map(async name => {
      const existing = await readCluster(name);
      if (existing) {
        const health = await clusterHealth(existing);
        if (
          reuse &&
          existing.status === 'running' &&
          health.healthy &&
          existing.controlPlane === controlPlane &&
          Boolean(existing.gateway) === Boolean(traefik)
        ) {
          log(`[${name}] already running at ${existing.url}, reusing it`);
          return { ...existing, reused: true };
        }
        log(
          `[${name}] cleaning up a previous instance (${
            health.healthy ? 'not reusable' : 'not healthy'
          })`,
        );
        await stopCluster(name, { log });
      }
      let realNode;
      if (name === REAL_NODE_CLUSTER && nodeBinDir) {
        const blocker = await realNodeBlocker({
          log: msg => log(`[${name}] ${msg}`),
        });
        if (blocker) log(`[${name}] no real node: ${blocker}`);
        else realNode = { binDir: nodeBinDir };
      }
      return startCluster(name, {
        controlPlane,
        log,
        nodeCount,
        timeoutMs,
        realNode,
        gateway: traefik ? { binary: traefik } : undefined,
      });
    }),
  );
  await writeCombinedConfig();
  const failed = results.filter(r => r.status === 'rejected');
  if (failed.length > 0)
    throw new Error(
      failed.map(f => f.reason?.message ?? String(f.reason)).join('\n'),
    );
  log(
    `[local-clusters] ${names.join(', ')} ready in ${elapsed(
      t0,
    )}; Backstage config: ${path.join(
      clustersDir(),
      'app-config.clusters.yaml',
    )}`,
  );
  return results.map(r => r.value);
}

/**
 * Stops the named clusters (default: every cluster with state), killing their process groups and
 * removing data and state. Resolves with the names that were stopped.
 *
 * @param {string[]} [names]
 * @param {{ log?: (msg: string) => void, keepData?: boolean }} [options]
 */
export async function stopClusters(
  names,
  { log = defaultLog, keepData = false } = {},
) {
  if (!names || names.length === 0) names = await listClusterNames();
  const stopped = [];
  await Promise.all(
    names.map(async name => {
      if (await stopCluster(name, { log, keepData })) stopped.push(name);
      else log(`[${name}] not running`);
    }),
  );
  await writeCombinedConfig();
  return stopped.sort();
}

/** Status of every cluster with state: health, nodes, memory (RSS) per process and in total. */
export async function clusterStatus() {
  const out = [];
  for (const name of await listClusterNames()) {
    const c = await readCluster(name);
    if (!c) continue;
    const health = await clusterHealth(c);
    out.push({
      name,
      url: c.url,
      status: c.status,
      ...health,
      rss: clusterRss(c),
      dataDir: c.dataDir,
      kubeconfig: c.kubeconfig,
    });
  }
  return out;
}
