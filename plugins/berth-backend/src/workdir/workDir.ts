import { LoggerService } from '@backstage/backend-plugin-api';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { processIdentity } from './processIdentity';

/** The file in a work directory that names its owner (a ProcessIdentity as JSON). */
export const WORK_DIR_MARKER = 'owner.json';

/** Work directories are `berth-<pid>-<6 random characters>`. */
export const WORK_DIR_NAME = /^berth-(\d+)-[A-Za-z0-9]{6}$/;

/**
 * Unix socket paths hold at most 107 bytes; the Helm post-renderer's socket
 * is the deepest path under a work directory.
 */
const DEEPEST_PATH = join('berth-helm-XXXXXX', 'post-renderer.sock');
const MAX_SOCKET_PATH = 107;

/** A directory private to this process, for files that hold credentials. */
export interface WorkDir {
  /** Absolute path, mode 0700. */
  path: string;
  /** Removes it and everything in it (at shutdown). */
  remove(): Promise<void>;
}

/**
 * Makes this process's work directory `<base>/berth-<pid>-<random>` (mode
 * 0700) with a marker naming the process (pid, start time, boot, host), so
 * that {@link sweepStaleWorkDirs} can remove it after a crash. Everything
 * Berth writes with credentials in it (kubeconfig files for Helm, Helm
 * registry logins and repository files) goes into directories under it.
 */
export async function createWorkDir(options: {
  base: string;
  logger?: LoggerService;
}): Promise<WorkDir> {
  await mkdir(options.base, { recursive: true });
  const path = await mkdtemp(join(options.base, `berth-${process.pid}-`));
  const remove = () => rm(path, { recursive: true, force: true });
  try {
    if (join(path, DEEPEST_PATH).length > MAX_SOCKET_PATH) {
      throw new Error(
        `The work directory ${path} is too deep for the Unix socket of Helm's post-renderer (at most ${MAX_SOCKET_PATH} bytes): set berth.workDir to a shorter path`,
      );
    }
    await chmod(path, 0o700);
    await writeFile(
      join(path, WORK_DIR_MARKER),
      JSON.stringify(await processIdentity()),
      { mode: 0o600, flag: 'wx' },
    );
  } catch (error) {
    await remove();
    throw error;
  }
  options.logger?.info(`Berth's work directory is ${path}`);
  return { path, remove };
}
