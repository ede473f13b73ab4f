// The node's cgroup, /berth-node in every v1 hierarchy and in `unified` (hybrid cgroup v1, no
// systemd): created before the kubelet starts (cgroupRoot: /berth-node), removed on stop.
import fs from 'node:fs';
import path from 'node:path';
import { CGROUP_NAME, CGROUP_ROOT } from './constants.mjs';

/** The cgroup hierarchies mounted under /sys/fs/cgroup (symlinks such as cpu,cpuacct skipped). */
export function hierarchies() {
  try {
    return fs
      .readdirSync(CGROUP_ROOT, { withFileTypes: true })
      .filter(e => e.isDirectory())
      .map(e => path.join(CGROUP_ROOT, e.name));
  } catch {
    return [];
  }
}

export function nodeCgroups() {
  return hierarchies()
    .map(h => path.join(h, CGROUP_NAME))
    .filter(p => fs.existsSync(p));
}

export function createNodeCgroups() {
  for (const h of hierarchies()) {
    const dir = path.join(h, CGROUP_NAME);
    fs.mkdirSync(dir, { recursive: true });
    if (path.basename(h) === 'cpuset') {
      for (const f of ['cpuset.cpus', 'cpuset.mems']) {
        fs.writeFileSync(
          path.join(dir, f),
          fs.readFileSync(path.join(h, f), 'utf8').trim(),
        );
      }
    }
  }
}

/** Every cgroup directory below `dir`, deepest first. */
function subtree(dir) {
  const out = [];
  const walk = d => {
    let entries = [];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) if (e.isDirectory()) walk(path.join(d, e.name));
    out.push(d);
  };
  walk(dir);
  return out;
}

/** Pids still in the node's cgroups (containers left by a crash). */
export function pidsInNodeCgroups() {
  const pids = new Set();
  for (const root of nodeCgroups()) {
    for (const d of subtree(root)) {
      try {
        for (const line of fs
          .readFileSync(path.join(d, 'cgroup.procs'), 'utf8')
          .split('\n')) {
          if (line.trim()) pids.add(Number(line));
        }
      } catch {
        // removed meanwhile
      }
    }
  }
  return [...pids];
}

/** rmdir every node cgroup, deepest first; returns the ones that could not be removed. */
export function removeNodeCgroups() {
  const left = [];
  for (const root of nodeCgroups()) {
    for (const d of subtree(root)) {
      try {
        fs.rmdirSync(d);
      } catch {
        left.push(d);
      }
    }
  }
  return left;
}
