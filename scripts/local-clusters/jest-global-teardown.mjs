// Jest globalTeardown: stops the clusters that jest-global-setup.mjs started (clusters that were
// already running are left alone). BERTH_KEEP_CLUSTERS=1 keeps them all running for the next run.
import { stopClusters } from './index.mjs';

export default async function globalTeardown() {
  const started = globalThis.__BERTH_STARTED_CLUSTERS__ ?? [];
  if (process.env.BERTH_KEEP_CLUSTERS === '1' || started.length === 0) return;
  await stopClusters(started);
}
