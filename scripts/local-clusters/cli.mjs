#!/usr/bin/env node
// Berth's local Kubernetes clusters (real etcd + kube-apiserver + controller-manager + scheduler,
// kwok playing the kubelet), built from upstream Go modules by tools/build.sh.
//
//   node scripts/local-clusters/cli.mjs start [names...]   default: local-east local-west
//   node scripts/local-clusters/cli.mjs stop [names...]    default: every started cluster
//   node scripts/local-clusters/cli.mjs status [--json]
//   node scripts/local-clusters/cli.mjs build              only build/check the binaries cache
//   node scripts/local-clusters/cli.mjs env [name]         print shell exports for a cluster
//
// Environment: BERTH_CACHE_DIR (binaries), BERTH_STATE_DIR (kubeconfigs, cluster.json),
// BERTH_CONTROLPLANE_DIR (use prebuilt binaries from this cache dir).
import path from 'node:path';
import {
  DEFAULT_CLUSTERS,
  clusterStatus,
  clustersDir,
  ensureControlPlane,
  readCluster,
  startClusters,
  stopClusters,
} from './index.mjs';

const usage = `usage: cli.mjs <start|stop|status|build|env> [options] [names...]
  start [--fresh] [--nodes N] [names...]  start clusters (default: ${DEFAULT_CLUSTERS.join(
    ' ',
  )}); --fresh: do not reuse running ones
  stop [--keep-data] [names...]           stop clusters (default: all) and remove their data
  status [--json]                         show running clusters, health and memory
  build                                   build the control-plane binaries if needed, print the cache dir
  env [name]                              print export KUBECONFIG=... for a cluster (default: all clusters)`;

const mib = b => `${(b / 1024 / 1024).toFixed(0)} MiB`;
/** Traefik's watched namespaces, as `status` prints them. */
const watchText = w =>
  w
    ? ` (watches ${w.namespaces.join(', ')}${
        w.podsOnNode ? ` + namespaces with a pod on ${w.podsOnNode}` : ''
      })`
    : '';

async function main(argv) {
  const [command, ...rest] = argv;
  const flags = new Set(rest.filter(a => a.startsWith('--')));
  const names = [];
  let nodeCount;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--nodes') {
      nodeCount = Number(rest[++i]);
      flags.delete('--nodes');
    } else if (!rest[i].startsWith('--')) names.push(rest[i]);
  }
  const known = {
    start: ['--fresh', '--nodes'],
    stop: ['--keep-data'],
    status: ['--json'],
    build: [],
    env: [],
  };
  if (!command || !(command in known) || command === '--help') {
    console.error(usage);
    return command === '--help' ? 0 : 2;
  }
  for (const f of flags) {
    if (!known[command].includes(f)) {
      console.error(`unknown option ${f}\n${usage}`);
      return 2;
    }
  }

  switch (command) {
    case 'build': {
      console.log(await ensureControlPlane());
      return 0;
    }
    case 'start': {
      const t0 = process.hrtime.bigint();
      const clusters = await startClusters(names, {
        reuse: !flags.has('--fresh'),
        ...(nodeCount ? { nodeCount } : {}),
      });
      const seconds = (Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1);
      for (const c of clusters) {
        console.log(
          `${c.name}\t${c.url}\tkubeconfig=${c.kubeconfig}\tcontexts=${c.contexts.token},${c.contexts.clientCert}`,
        );
      }
      console.log(
        `app-config: ${path.join(clustersDir(), 'app-config.clusters.yaml')}`,
      );
      console.log(
        `all contexts: KUBECONFIG=${path.join(clustersDir(), 'kubeconfig')}`,
      );
      console.log(`started ${clusters.length} cluster(s) in ${seconds}s`);
      return 0;
    }
    case 'stop': {
      const stopped = await stopClusters(names, {
        keepData: flags.has('--keep-data'),
      });
      console.log(
        stopped.length ? `stopped: ${stopped.join(' ')}` : 'nothing to stop',
      );
      return 0;
    }
    case 'status': {
      const status = await clusterStatus();
      if (flags.has('--json')) {
        console.log(JSON.stringify(status, null, 2));
        return 0;
      }
      if (status.length === 0) {
        console.log('no local clusters');
        return 0;
      }
      for (const s of status) {
        const state = s.healthy
          ? 'healthy'
          : s.alive.length
          ? `degraded (missing: ${s.missing.join(', ') || 'readyz'})`
          : 'stopped';
        console.log(
          `${s.name}\t${s.url}\t${state}\tnodes ${s.nodes.ready}/${
            s.nodes.total
          } Ready\tRSS ${mib(s.rss.total)}`,
        );
        if (s.realNode) {
          console.log(
            `    real node ${s.realNode.node}: ${
              s.realNode.healthy
                ? 'Ready'
                : `not healthy (ready: ${s.realNode.ready}, missing: ${
                    s.realNode.missing.join(', ') || 'none'
                  })`
            }`,
          );
        }
        if (s.gateway) {
          console.log(
            `    gateway ${s.gateway.url}: ${
              s.gateway.healthy ? 'serving' : 'not healthy'
            }${watchText(s.gateway.watch)}`,
          );
          if (s.gateway.meshUrl)
            console.log(`    gateway from pods ${s.gateway.meshUrl}`);
        }
        for (const [p, b] of Object.entries(s.rss.perProcess))
          console.log(`    ${p.padEnd(24)} ${mib(b)}`);
      }
      return status.every(s => s.healthy) ? 0 : 1;
    }
    case 'env': {
      if (names.length === 0) {
        console.log(
          `export KUBECONFIG=${path.join(clustersDir(), 'kubeconfig')}`,
        );
        return 0;
      }
      const c = await readCluster(names[0]);
      if (!c) {
        console.error(`cluster ${names[0]} is not started`);
        return 1;
      }
      console.log(`export KUBECONFIG=${c.kubeconfig}`);
      return 0;
    }
  }
  return 2;
}

main(process.argv.slice(2)).then(
  code => process.exit(code),
  e => {
    console.error(
      e?.stack && process.env.DEBUG ? e.stack : `error: ${e?.message ?? e}`,
    );
    process.exit(1);
  },
);
