import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';

/** Who owns a work directory: enough to tell the process from a later one with its pid. */
export interface ProcessIdentity {
  pid: number;
  hostname: string;
  /** Field 22 of /proc/<pid>/stat (clock ticks after boot); absent without /proc. */
  startTime?: string;
  /** /proc/sys/kernel/random/boot_id; absent without /proc. */
  bootId?: string;
}

/** What /proc/<pid>/stat says of a process: its state letter and start time. */
async function readStat(
  pid: number,
): Promise<{ state: string; startTime: string } | undefined> {
  let stat: string;
  try {
    stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // `pid (comm) state ...`: comm may hold spaces and parentheses.
  const fields = stat
    .slice(stat.lastIndexOf(')') + 2)
    .trim()
    .split(' ');
  // fields[0] is field 3 (state); the start time is field 22.
  return { state: fields[0], startTime: fields[19] };
}

async function readBootId(): Promise<string | undefined> {
  try {
    return (await readFile('/proc/sys/kernel/random/boot_id', 'utf8')).trim();
  } catch {
    return undefined;
  }
}

async function hasProc(): Promise<boolean> {
  return (await readStat(process.pid)) !== undefined;
}

/** The identity of a running process (this one by default). */
export async function processIdentity(
  pid = process.pid,
): Promise<ProcessIdentity> {
  const stat = await readStat(pid);
  const bootId = await readBootId();
  return {
    pid,
    hostname: hostname(),
    ...(stat && { startTime: stat.startTime }),
    ...(bootId && { bootId }),
  };
}

/**
 * Whether the process `owner` describes still runs: its pid is alive, and,
 * where /proc tells, it is the same process (same boot, same start time, not
 * a zombie), not a later one that was given the same pid. `undefined` when
 * it cannot be told: the owner ran on another host.
 */
export async function isProcessAlive(
  owner: ProcessIdentity,
): Promise<boolean | undefined> {
  if (owner.hostname !== hostname()) return undefined;
  if (await hasProc()) {
    const bootId = await readBootId();
    if (owner.bootId && bootId && owner.bootId !== bootId) return false;
    const stat = await readStat(owner.pid);
    if (!stat || stat.state === 'Z') return false;
    return !owner.startTime || owner.startTime === stat.startTime;
  }
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
