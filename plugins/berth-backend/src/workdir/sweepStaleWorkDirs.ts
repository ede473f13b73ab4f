import { LoggerService } from '@backstage/backend-plugin-api';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { isProcessAlive, ProcessIdentity } from './processIdentity';
import { WORK_DIR_MARKER, WORK_DIR_NAME } from './workDir';

async function readOwner(
  dir: string,
  pidFromName: number,
): Promise<ProcessIdentity> {
  try {
    const owner = JSON.parse(
      await readFile(join(dir, WORK_DIR_MARKER), 'utf8'),
    );
    if (Number.isInteger(owner?.pid) && typeof owner.hostname === 'string') {
      return owner;
    }
  } catch {
    // no marker yet (or a broken one): judge by the pid in the name
  }
  return { pid: pidFromName, hostname: hostname() };
}

/**
 * Removes the work directories under `base` (see `createWorkDir`) whose
 * process no longer runs: its pid is gone, or belongs to a later process
 * (another start time or boot). Keeps those of running processes, of other
 * hosts (a shared `base`) and of other users. Returns the paths it removed.
 */
export async function sweepStaleWorkDirs(
  base: string,
  options: { logger?: LoggerService } = {},
): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(base, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const uid = process.getuid?.();
  const removed: string[] = [];
  for (const entry of entries) {
    const match = WORK_DIR_NAME.exec(entry.name);
    // Dirent does not follow symbolic links: a link is not a directory here.
    if (!match || !entry.isDirectory()) continue;
    const dir = join(base, entry.name);
    try {
      if (uid !== undefined && (await stat(dir)).uid !== uid) continue;
      const owner = await readOwner(dir, Number(match[1]));
      if ((await isProcessAlive(owner)) !== false) continue;
      await rm(dir, { recursive: true, force: true });
      removed.push(dir);
      options.logger?.info(
        `Removed the work directory ${dir} of process ${owner.pid}, which no longer runs`,
      );
    } catch (error) {
      options.logger?.warn(
        `Could not sweep the work directory ${dir}: ${
          (error as Error).message
        }`,
      );
    }
  }
  return removed;
}
