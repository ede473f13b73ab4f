import { NotFoundError } from '@backstage/errors';
import { HelmCall } from './helmCall';
import { assertReleaseName } from './helmArgs';
import { HelmRelease, HelmTarget } from './types';

/** A release from `helm history --output json`. */
function historyEntry(
  release: string,
  namespace: string,
  entry: Record<string, any>,
): HelmRelease {
  return {
    name: release,
    namespace,
    revision: Number(entry.revision),
    status: String(entry.status),
    chart: entry.chart,
    appVersion: entry.app_version || undefined,
    updated: entry.updated,
    description: entry.description,
  };
}

function notFound(options: HelmTarget & { release: string }) {
  return new NotFoundError(
    `Helm release '${options.release}' not found in namespace '${options.namespace}'`,
  );
}

/** The releases in a namespace, in every state (`helm list --all`). */
export async function listReleases(
  call: HelmCall,
  options: HelmTarget,
): Promise<HelmRelease[]> {
  const stdout = await call({
    command: 'list',
    namespace: options.namespace,
    kubeConfig: options.kubeConfig,
    makeArgs: async () => ({
      args: ['list', '--all', '--output', 'json'],
      positional: [],
    }),
  });
  const listed: Array<Record<string, string>> = JSON.parse(stdout || '[]');
  return listed.map(r => ({
    name: r.name,
    namespace: r.namespace,
    revision: Number(r.revision),
    status: r.status,
    chart: r.chart,
    appVersion: r.app_version || undefined,
    updated: r.updated,
  }));
}

/** Up to `max` newest revisions of a release, oldest first (`helm history`). */
async function historyOf(
  call: HelmCall,
  options: HelmTarget & { release: string },
  max: number,
): Promise<HelmRelease[]> {
  assertReleaseName(options.release);
  const stdout = await call({
    command: 'history',
    namespace: options.namespace,
    kubeConfig: options.kubeConfig,
    makeArgs: async () => ({
      args: ['history', '--max', String(max), '--output', 'json'],
      positional: [options.release],
    }),
    release: options.release,
  });
  return (JSON.parse(stdout || '[]') as Array<Record<string, any>>)
    .map(entry => historyEntry(options.release, options.namespace, entry))
    .sort((a, b) => a.revision - b.revision);
}

/**
 * The release's current revision (`helm history --max 1`, which, unlike
 * `helm status`, names the chart); NotFoundError when there is no such
 * release.
 */
export async function releaseStatus(
  call: HelmCall,
  options: HelmTarget & { release: string },
): Promise<HelmRelease> {
  const [latest] = await historyOf(call, options, 1);
  if (!latest) throw notFound(options);
  return latest;
}

/**
 * Every revision of a release, oldest first (`helm history`);
 * NotFoundError when there is no such release.
 */
export async function releaseHistory(
  call: HelmCall,
  options: HelmTarget & { release: string },
): Promise<HelmRelease[]> {
  const revisions = await historyOf(call, options, 2147483647);
  if (revisions.length === 0) throw notFound(options);
  return revisions;
}
