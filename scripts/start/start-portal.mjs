// `./berth start`: the portal with its embedded defaults (SQLite in memory,
// guest sign-in, the demo catalog) on the local clusters, unless the config
// already names clusters. Options:
//   --config FILE          app-config files (default app-config.yaml [+ app-config.local.yaml])
//   --no-local-clusters    never start the local clusters
//   --keep-clusters        leave the local clusters running when the portal stops
//   --no-demo-charts       do not serve the demo chart repository ("demo")
//   --no-demo-registry     do not run the demo image registry ("demo")
// Everything else goes to `backstage-cli repo start`.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  clustersDir,
  readCluster,
  startClusters,
  stopClusters,
} from '../local-clusters/index.mjs';
import { step } from '../lib/log.mjs';
import { run } from '../lib/run.mjs';
import { configuresClusters } from './configuredClusters.mjs';
import { createDemoBuildNamespace, startDemoGitServer } from './demoBuilds.mjs';
import { startDemoChartRepository } from './demoChartRepository.mjs';
import { startDemoImageRegistry } from './demoImageRegistry.mjs';
import { demoValuesKeyConfig } from './demoValuesKey.mjs';

const args = process.argv.slice(2);
const flag = name => {
  const at = args.indexOf(name);
  if (at !== -1) args.splice(at, 1);
  return at !== -1;
};
const noLocalClusters = flag('--no-local-clusters');
const keepClusters = flag('--keep-clusters');
const noDemoCharts = flag('--no-demo-charts');
const noDemoRegistry = flag('--no-demo-registry');

const configs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--config') configs.push(args.splice(i--, 2)[1]);
}
if (configs.length === 0) {
  configs.push('app-config.yaml');
  if (existsSync('app-config.local.yaml'))
    configs.push('app-config.local.yaml');
}

let started = [];
let demoGit;
if (noLocalClusters) {
  step('Local clusters: not started (--no-local-clusters)');
} else if (configuresClusters(configs)) {
  step(`Local clusters: not started, ${configs.join(', ')} configure clusters`);
} else {
  step(
    'Starting the local Kubernetes clusters (the first run builds them from Go modules, about 10 minutes)',
  );
  const clusters = await startClusters();
  started = clusters.filter(c => !c.reused).map(c => c.name);
  demoGit = await startDemoBuilds(clusters.map(c => c.name));
  configs.push(join(clustersDir(), 'app-config.clusters.yaml'));
  console.log(
    `kubectl: KUBECONFIG=${join(
      clustersDir(),
      'kubeconfig',
    )} (contexts ${clusters.map(c => c.name).join(', ')})`,
  );
}

/**
 * The demo workflow's build job: its namespace on the cluster with the real
 * node, and the Git server of examples/demo-source (only with a real node).
 */
async function startDemoBuilds(names) {
  for (const name of names) {
    const cluster = await readCluster(name);
    if (!cluster?.realNode?.images?.builder) continue;
    try {
      const namespace = await createDemoBuildNamespace(cluster);
      const git = await startDemoGitServer(
        resolve(import.meta.dirname, '..', '..'),
      );
      step(
        `Demo builds: namespace ${namespace} on ${name}; Git ${git.urls.join(
          ', ',
        )}`,
      );
      return git;
    } catch (error) {
      step(
        `Demo builds not set up (the demo workflow's build fails): ${error.message}`,
      );
    }
  }
  return undefined;
}

// The chart repository the import wizard offers as "demo": first in the
// config list, so a user's own berth.helm.repositories wins.
let demoCharts;
if (!noDemoCharts) {
  try {
    demoCharts = await startDemoChartRepository(
      resolve(import.meta.dirname, '..', '..'),
    );
    configs.unshift(demoCharts.configFile);
    step(
      `Demo chart repository "demo": ${
        demoCharts.url
      } (${demoCharts.charts.join(', ')})`,
    );
  } catch (error) {
    step(`Demo chart repository not started: ${error.message}`);
  }
}

// The image registry rollbacks check images in (berth.registries "demo"),
// first in the config list like the chart repository.
let demoRegistry;
if (!noDemoRegistry) {
  try {
    demoRegistry = await startDemoImageRegistry();
    configs.unshift(demoRegistry.configFile);
    step(
      `Demo image registry "demo": ${
        demoRegistry.host
      } (${demoRegistry.images.join(', ')})`,
    );
  } catch (error) {
    step(`Demo image registry not started: ${error.message}`);
  }
}

// Secret values live in Kubernetes Secrets; this machine's key only opens
// values that older versions sealed in a persistent database, which the
// first start moves into Secrets (first in the list: a
// berth.values.encryptionKey of the user's own config wins).
const valuesKey = demoValuesKeyConfig();
configs.unshift(valuesKey.configFile);
step(
  `Values sealed by older versions open with the key in ${valuesKey.keyFile}`,
);

step(
  'Starting the portal: http://localhost:3000 (backend http://localhost:7007); Ctrl-C stops it',
);
try {
  process.exitCode = await run(
    'yarn',
    [
      'start',
      // backstage-cli resolves relative paths against each package folder.
      ...configs.flatMap(c => ['--config', resolve(c)]),
      ...args,
    ],
    // Stopped by a signal to this process alone (not Ctrl-C), the portal
    // stops too and the clean-up below runs.
    { forwardSignals: true },
  );
} finally {
  demoGit?.stop();
  demoCharts?.stop();
  demoRegistry?.stop();
  if (started.length > 0 && !keepClusters) {
    step(`Stopping the local clusters ${started.join(', ')}`);
    await stopClusters(started);
  }
}
