// Jest globalSetup: starts the local clusters (reusing running ones) before any test file runs.
// In jest config: globalSetup: '<rootDir>/scripts/local-clusters/jest-global-setup.mjs',
//                 globalTeardown: '<rootDir>/scripts/local-clusters/jest-global-teardown.mjs'
// Names: BERTH_TEST_CLUSTERS="local-east local-west" (default). Tests read the cluster details with
// readCluster(name) from ./index.mjs, or from the files named in the env vars set below (test
// workers are started after globalSetup and inherit process.env).
import path from 'node:path';
import { clustersDir, startClusters } from './index.mjs';

export default async function globalSetup() {
  // Only integration runs (`./berth test` sets BERTH_INTEGRATION=1 for them)
  // start clusters; unit runs of the same packages do not.
  if (process.env.BERTH_INTEGRATION !== '1') return;
  const names = (process.env.BERTH_TEST_CLUSTERS || 'local-east local-west')
    .split(/[\s,]+/)
    .filter(Boolean);
  const clusters = await startClusters(names);
  globalThis.__BERTH_STARTED_CLUSTERS__ = clusters
    .filter(c => !c.reused)
    .map(c => c.name);
  process.env.BERTH_TEST_CLUSTERS = names.join(' ');
  process.env.BERTH_TEST_KUBECONFIG = path.join(clustersDir(), 'kubeconfig');
  process.env.BERTH_TEST_APP_CONFIG = path.join(
    clustersDir(),
    'app-config.clusters.yaml',
  );
}
