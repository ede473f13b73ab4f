#!/usr/bin/env node
// The real node of a running local cluster (default local-east), on its own:
//
//   node scripts/local-clusters/real-node/cli.mjs stop       stop it and restore the machine
//   node scripts/local-clusters/real-node/cli.mjs start      start it again (the cluster must have
//                                                            been started with the real node)
//   node scripts/local-clusters/real-node/cli.mjs snapshot   print the machine state it changes (JSON)
//   node scripts/local-clusters/real-node/cli.mjs sweep      remove what a crashed run left
//
// Environment: BERTH_STATE_DIR as for ../cli.mjs.
import path from 'node:path';
import { clusterStateDir, readCluster } from '../cluster.mjs';
import { writeJson } from '../util.mjs';
import { snapshotHost } from './hostState.mjs';
import {
  REAL_NODE_CLUSTER,
  builtNodeBinDir,
  realNodeBlocker,
  startRealNode,
  stopRealNode,
} from './index.mjs';

const log = msg => process.stderr.write(`[real-node] ${msg}\n`);

async function main([command]) {
  const name = REAL_NODE_CLUSTER;
  const cluster = await readCluster(name);
  const save = () =>
    writeJson(path.join(clusterStateDir(name), 'cluster.json'), cluster, 0o600);
  switch (command) {
    case 'snapshot': {
      const binDir = cluster?.realNode?.binDir ?? (await builtNodeBinDir());
      process.stdout.write(
        `${JSON.stringify(await snapshotHost({ binDir }))}\n`,
      );
      return;
    }
    case 'sweep': {
      const blocker = await realNodeBlocker({ log });
      log(blocker ?? 'nothing left to sweep');
      return;
    }
    case 'stop': {
      if (!cluster?.realNode) throw new Error(`${name} has no real node`);
      const problems = await stopRealNode(cluster, { log });
      delete cluster.realNode;
      cluster.realNodeStopped = true;
      await save();
      if (problems.length) throw new Error(problems.join('; '));
      return;
    }
    case 'start': {
      if (!cluster) throw new Error(`${name} is not running`);
      if (cluster.realNode) throw new Error(`${name} already has a real node`);
      if (!cluster.realNodeStopped) {
        throw new Error(
          `${name} was started without a real node (its API server lacks the kubelet flags)`,
        );
      }
      const binDir = await builtNodeBinDir();
      if (!binDir)
        throw new Error('the node binaries are not built: ./berth build node');
      const blocker = await realNodeBlocker({ log });
      if (blocker) throw new Error(blocker);
      await startRealNode(cluster, {
        binDir,
        log,
        saveState: async record => {
          cluster.realNode = record;
          await save();
        },
      });
      delete cluster.realNodeStopped;
      await save();
      return;
    }
    default:
      throw new Error('usage: cli.mjs start|stop|snapshot|sweep');
  }
}

main(process.argv.slice(2)).catch(e => {
  process.stderr.write(`${e.message}\n`);
  process.exit(1);
});
