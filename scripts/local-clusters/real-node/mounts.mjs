// Mounts the kubelet and containerd leave under the node's data dir (the kubelet bind-mounts its
// root dir onto itself; pods get tmpfs volumes, containers overlay rootfs, sandboxes netns and shm).
import fs from 'node:fs';
import { tryRun } from './host.mjs';

/** Mount points at or below `dir`, deepest first. */
export function mountsUnder(dir) {
  const unescape = s =>
    s.replace(/\\([0-7]{3})/g, (_, o) => String.fromCharCode(parseInt(o, 8)));
  const points = fs
    .readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter(Boolean)
    .map(l => unescape(l.split(' ')[4]))
    .filter(p => p === dir || p.startsWith(`${dir}/`));
  return [...new Set(points)].sort((a, b) => b.length - a.length);
}

/** Unmounts everything under `dir` (a few rounds: bind mounts can be stacked). */
export async function unmountUnder(dir) {
  for (let round = 0; round < 5; round++) {
    const points = mountsUnder(dir);
    if (points.length === 0) return [];
    for (const p of points) {
      const r = await tryRun('umount', [p]);
      if (!r.ok) await tryRun('umount', ['-l', p]);
    }
  }
  return mountsUnder(dir);
}
