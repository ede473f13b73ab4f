import { HelmCall } from './helmCall';
import { releaseHistory } from './releases';
import { HelmRelease, HelmRepair, HelmTarget } from './types';
import { uninstall } from './uninstall';

const PENDING = ['pending-install', 'pending-upgrade', 'pending-rollback'];
const ROLLBACK_TARGETS = ['deployed', 'superseded'];

/**
 * Repairs a release that a helm process left `pending-install`,
 * `pending-upgrade` or `pending-rollback` (it was killed, or lost its
 * cluster), which makes Helm refuse every later change: rolls back to the
 * newest earlier revision that was `deployed` or `superseded` (without
 * waiting), or uninstalls the release when there is none. Does nothing for
 * a release that is not pending, or that does not exist.
 *
 * Call it only while no helm process can be working on the release (the
 * environment's operation lock): a release pending because helm is still
 * running looks the same.
 */
export async function repairPending(
  call: HelmCall,
  options: HelmTarget & { release: string; signal?: AbortSignal },
): Promise<HelmRepair> {
  let revisions: HelmRelease[];
  try {
    revisions = await releaseHistory(call, options);
  } catch (error) {
    if ((error as Error).name === 'NotFoundError') return { action: 'none' };
    throw error;
  }
  const latest = revisions[revisions.length - 1];
  const from = { fromRevision: latest.revision, fromStatus: latest.status };
  if (!PENDING.includes(latest.status)) {
    return { action: 'none', ...from };
  }
  const target = revisions
    .filter(
      r => r.revision < latest.revision && ROLLBACK_TARGETS.includes(r.status),
    )
    .sort((a, b) => b.revision - a.revision)[0];
  if (!target) {
    await uninstall(call, { ...options, signal: options.signal });
    return { action: 'uninstalled', ...from };
  }
  await call({
    command: 'rollback',
    namespace: options.namespace,
    kubeConfig: options.kubeConfig,
    makeArgs: async () => ({
      args: ['rollback', '--wait=false'],
      positional: [options.release, String(target.revision)],
    }),
    release: options.release,
    signal: options.signal,
  });
  return { action: 'rolled-back', ...from, toRevision: target.revision };
}
