// A snapshot of what the real node changes on the machine: links, routes, the nft ruleset,
// mounts, the berth-node cgroups, the recorded sysctls, host paths and the node's processes.
// Taken before start and after stop, the two must be equal.
import fs from 'node:fs';
import { nodeCgroups } from './cgroups.mjs';
import {
  HOST_PATHS,
  KUBELET_SYSCTLS,
  NODE_PROGRAMS,
  OTHER_SYSCTLS,
} from './constants.mjs';
import { existing, readSysctls, tryRun } from './host.mjs';

const json = async (cmd, args) => {
  const r = await tryRun(cmd, args);
  try {
    return r.ok ? JSON.parse(r.stdout) : [];
  } catch {
    return [];
  }
};

export async function snapshotHost({ binDir } = {}) {
  const links = (await json('ip', ['-j', 'link', 'show']))
    .map(l => `${l.ifname}${l.master ? ` master ${l.master}` : ''}`)
    .sort();
  const routes = (await json('ip', ['-j', 'route', 'show', 'table', 'all']))
    .map(r =>
      `${r.type ?? ''} ${r.dst} ${r.dev ?? ''} table ${
        r.table ?? 'main'
      }`.trim(),
    )
    .sort();
  const nft = (await tryRun('nft', ['list', 'ruleset'])).stdout;
  const mounts = fs
    .readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter(Boolean)
    .map(l => l.split(' ')[4])
    .sort();
  const processes = [];
  if (binDir) {
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const exe = fs.readlinkSync(`/proc/${entry}/exe`);
        if (
          exe.startsWith(`${binDir}/`) &&
          NODE_PROGRAMS.has(exe.slice(binDir.length + 1))
        )
          processes.push(exe);
      } catch {
        // gone or not readable
      }
    }
  }
  return {
    links,
    routes,
    nft,
    mounts,
    cgroups: nodeCgroups(),
    sysctls: readSysctls([...KUBELET_SYSCTLS, ...OTHER_SYSCTLS]),
    hostPaths: existing(HOST_PATHS),
    processes: processes.sort(),
  };
}
