import { readdirSync, readFileSync } from 'node:fs';

/** A process as /proc shows it. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** Process group. */
  pgid: number;
  /** The executable's name (at most 15 characters). */
  comm: string;
  /** The command line, arguments separated by spaces. */
  cmdline: string;
}

function readProcess(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const [, ppid, pgid] = stat
      .slice(close + 2)
      .split(' ')
      .map(Number);
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      .split('\0')
      .filter(Boolean)
      .join(' ');
    return { pid, ppid, pgid, comm, cmdline };
  } catch {
    return undefined; // it ended while we looked
  }
}

/** Every process of the machine (Linux /proc). */
export function listProcesses(): ProcessInfo[] {
  return readdirSync('/proc')
    .filter(name => /^\d+$/.test(name))
    .map(name => readProcess(Number(name)))
    .filter((p): p is ProcessInfo => p !== undefined);
}

/** The processes below `pid` (children, grandchildren, ...). */
export function descendantsOf(pid: number): ProcessInfo[] {
  const all = listProcesses();
  const found: ProcessInfo[] = [];
  const parents = new Set([pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of all) {
      if (parents.has(p.ppid) && !parents.has(p.pid)) {
        parents.add(p.pid);
        found.push(p);
        grew = true;
      }
    }
  }
  return found;
}

/** The processes of a process group. */
export function processGroup(pgid: number): ProcessInfo[] {
  return listProcesses().filter(p => p.pgid === pgid);
}
