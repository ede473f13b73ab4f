import { CoreV1Api } from '@kubernetes/client-node';
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { kubeConfigFor, TestCluster } from '../../__testUtils__/testClusters';

const run = promisify(execFile);

/** A Helm release as `helm list --all` shows it. */
export interface HelmRelease {
  name: string;
  status: string;
  revision: string;
}

/** Every release of a namespace, in any state, with the control plane's helm. */
export async function helmReleases(
  cluster: TestCluster,
  namespace: string,
): Promise<HelmRelease[]> {
  const { stdout } = await run(
    join(cluster.bin, 'helm'),
    [
      'list',
      '--all',
      '--output',
      'json',
      '--namespace',
      namespace,
      '--kubeconfig',
      cluster.kubeconfig,
      '--kube-context',
      cluster.name,
    ],
    { timeout: 60_000 },
  );
  return (JSON.parse(stdout || '[]') as HelmRelease[]).map(r => ({
    name: r.name,
    status: r.status,
    revision: String(r.revision),
  }));
}

/**
 * Releases whose newest record is pending-install/-upgrade/-rollback, read
 * straight from Helm's release Secrets (label `status`): fast enough to poll
 * while helm runs.
 */
export async function pendingReleases(
  cluster: TestCluster,
  namespace: string,
): Promise<string[]> {
  const core = kubeConfigFor(cluster).makeApiClient(CoreV1Api);
  const { items } = await core.listNamespacedSecret({
    namespace,
    labelSelector: 'owner=helm',
  });
  const newest = new Map<string, { version: number; status: string }>();
  for (const secret of items) {
    const labels = secret.metadata?.labels ?? {};
    const version = Number(labels.version);
    const known = newest.get(labels.name);
    if (!known || known.version < version) {
      newest.set(labels.name, { version, status: labels.status });
    }
  }
  return [...newest]
    .filter(([, r]) => r.status.startsWith('pending'))
    .map(([name, r]) => `${name}:${r.status}`);
}

/** Files named like a kubeconfig anywhere under `dir` (a backend's TMPDIR). */
export function kubeconfigFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/kubeconfig/i.test(entry.name)) found.push(path);
    }
  };
  walk(dir);
  return found;
}
