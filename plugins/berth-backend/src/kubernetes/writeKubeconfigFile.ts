import { KubeConfig } from '@kubernetes/client-node';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { currentContext } from './currentContext';

/**
 * Writes the current context of `kc` (its cluster, user and context only) as
 * a kubeconfig file of mode 0600 into `dir`, and returns its path. The file
 * holds credentials: `dir` must be private (a directory of the process's
 * work directory, see `createWorkDir`) and removed after use. It is created
 * anew: an existing file (or a symbolic link) of that name is an error.
 */
export async function writeKubeconfigFile(
  kc: KubeConfig,
  dir: string,
): Promise<string> {
  const { context, cluster, user } = currentContext(kc);
  const single = new KubeConfig();
  single.loadFromOptions({
    clusters: [cluster],
    users: [user],
    contexts: [context],
    currentContext: context.name,
  });
  const path = join(dir, 'kubeconfig');
  await writeFile(path, single.exportConfig(), { mode: 0o600, flag: 'wx' });
  return path;
}
