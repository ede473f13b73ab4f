import { existsSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The helm binary: the configured one, else the newest one of the local
 * control plane's cache (`tools/build.sh`), else `helm` on the PATH.
 */
export function findHelmBinary(configured?: string): string {
  if (configured) return configured;
  const cache = join(
    process.env.BERTH_CACHE_DIR ?? join(homedir(), '.cache', 'berth'),
    'controlplane',
  );
  if (existsSync(cache)) {
    const builds = readdirSync(cache)
      .map(dir => join(cache, dir, 'bin', 'helm'))
      .filter(path => existsSync(path))
      .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
    if (builds.length > 0) return builds[0];
  }
  return 'helm';
}
