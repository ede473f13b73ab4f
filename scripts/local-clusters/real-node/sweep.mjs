// Stops the real node and removes everything it made, in the recipe's order. The same function
// sweeps after a crash (start calls it with the record a previous run left): every step runs
// whether or not the previous one found something.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { isAlive, killGroup, request, sleep } from '../util.mjs';
import {
  BRIDGE,
  MACHINE_RECORD,
  NODE_NAME,
  NODE_PROGRAMS,
} from './constants.mjs';
import { pidsInNodeCgroups, removeNodeCgroups } from './cgroups.mjs';
import { restoreSysctls, tryRun } from './host.mjs';
import { unmountUnder } from './mounts.mjs';
import { removeNetworkSafety } from './network.mjs';

const kill = pid => {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone
  }
};

/** Pids whose executable is one of the node's programs (containerd shims are not in a group we started). */
function pidsOfBinaries(binDir) {
  const pids = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const exe = fs.readlinkSync(`/proc/${entry}/exe`);
      if (path.dirname(exe) === binDir && NODE_PROGRAMS.has(path.basename(exe)))
        pids.push(Number(entry));
    } catch {
      // not ours to read, or gone
    }
  }
  return pids;
}

async function deleteNode(record) {
  if (!record.api) return;
  try {
    await request(`${record.api.url}/api/v1/nodes/${NODE_NAME}`, {
      method: 'DELETE',
      ca: record.api.ca,
      token: record.api.token,
      timeoutMs: 3000,
    });
  } catch {
    // the control plane is gone already
  }
}

async function vethsOnBridge() {
  const r = await tryRun('ip', ['-j', 'link', 'show', 'master', BRIDGE]);
  if (!r.ok) return [];
  try {
    return JSON.parse(r.stdout).map(l => l.ifname);
  } catch {
    return [];
  }
}

/**
 * Stops and sweeps the node described by `record` ({dir, binDir, processes, sysctls,
 * createdHostPaths, api}). Returns a list of what could not be removed (empty when clean).
 */
export async function sweepRealNode(record, { log = () => {} } = {}) {
  const problems = [];
  const proc = name => record.processes?.[name];
  const stop = async name => {
    const p = proc(name);
    if (p) await killGroup(p.pid, p.exe, 5000);
  };

  await stop('kube-proxy');
  if (record.binDir && fs.existsSync(path.join(record.binDir, 'kube-proxy'))) {
    await tryRun(path.join(record.binDir, 'kube-proxy'), ['--cleanup']);
  }
  for (const family of ['ip', 'ip6']) {
    await tryRun('nft', ['delete', 'table', family, 'kube-proxy']);
  }
  await stop('kubelet');
  await deleteNode(record);
  await stop('coredns');

  // Containers: every process in the node's cgroups, then the shims, then containerd.
  for (let round = 0; round < 3; round++) {
    const pids = pidsInNodeCgroups();
    if (pids.length === 0) break;
    pids.forEach(kill);
    await sleep(300);
  }
  if (record.binDir) {
    for (const pid of pidsOfBinaries(record.binDir)) {
      if (pid !== proc('containerd')?.pid) kill(pid);
    }
  }
  await stop('containerd');
  if (record.binDir) {
    // A crash can leave any of the node's binaries running: the pids recorded are gone then.
    for (const pid of pidsOfBinaries(record.binDir)) kill(pid);
  }
  await stop('registry');

  if (record.dir) {
    const left = await unmountUnder(record.dir);
    if (left.length) problems.push(`mounts left: ${left.join(' ')}`);
  }
  for (let i = 0; i < 20; i++) {
    const left = removeNodeCgroups();
    if (left.length === 0) break;
    if (i === 19) problems.push(`cgroups left: ${left.join(' ')}`);
    await sleep(250);
  }
  for (const veth of await vethsOnBridge()) {
    await tryRun('ip', ['link', 'del', veth]);
  }
  await removeNetworkSafety();
  const restored = restoreSysctls(record.sysctls);
  if (restored.length) log(`restored sysctls: ${restored.join(' ')}`);
  for (const p of record.createdHostPaths ?? []) {
    await fsp.rm(p, { recursive: true, force: true });
  }
  if (record.dir) await fsp.rm(record.dir, { recursive: true, force: true });
  for (const [name, p] of Object.entries(record.processes ?? {})) {
    if (isAlive(p.pid, p.exe))
      problems.push(`${name} (pid ${p.pid}) still runs`);
  }
  await fsp.rm(MACHINE_RECORD, { force: true });
  return problems;
}
