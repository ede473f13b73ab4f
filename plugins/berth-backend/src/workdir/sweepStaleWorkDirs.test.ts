import { KubeConfig } from '@kubernetes/client-node';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeKubeconfigFile } from '../kubernetes/writeKubeconfigFile';
import { processIdentity, ProcessIdentity } from './processIdentity';
import { sweepStaleWorkDirs } from './sweepStaleWorkDirs';
import { createWorkDir, WORK_DIR_MARKER } from './workDir';

function kubeConfig() {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: 'https://127.0.0.1:6443' }],
    users: [{ name: 'u', token: 'secret-token' }],
    contexts: [{ name: 'ctx', cluster: 'c', user: 'u' }],
    currentContext: 'ctx',
  });
  return kc;
}

/** A node child that runs until its stdin ends. */
function startChild() {
  const child = spawn(
    process.execPath,
    ['-e', 'process.stdin.resume(); process.stdin.on("end", () => {})'],
    { stdio: ['pipe', 'ignore', 'ignore'] },
  );
  const exited = new Promise<void>(done => child.on('exit', () => done()));
  return {
    pid: child.pid!,
    async stop() {
      child.stdin!.end();
      await exited;
    },
  };
}

describe('sweepStaleWorkDirs', () => {
  let base: string;
  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'sweep-'));
  });
  afterEach(() => rm(base, { recursive: true, force: true }));

  /** A work directory as createWorkDir makes it, for another owner. */
  async function workDirOf(owner: ProcessIdentity, suffix: string) {
    const dir = join(base, `berth-${owner.pid}-${suffix}`);
    await mkdir(dir, { mode: 0o700 });
    await writeFile(join(dir, WORK_DIR_MARKER), JSON.stringify(owner));
    return dir;
  }

  it('removes the directory of a process that has exited, with the kubeconfig left in it, and keeps the live ones', async () => {
    const mine = await createWorkDir({ base });
    const child = startChild();
    const stale = await workDirOf(await processIdentity(child.pid), 'Child1');
    await mkdir(join(stale, 'berth-helm-abc123'));
    const kubeconfig = await writeKubeconfigFile(
      kubeConfig(),
      join(stale, 'berth-helm-abc123'),
    );

    // While the child runs, both are kept.
    expect(await sweepStaleWorkDirs(base)).toEqual([]);
    expect(existsSync(kubeconfig)).toBe(true);

    await child.stop();
    expect(await sweepStaleWorkDirs(base)).toEqual([stale]);
    expect(existsSync(kubeconfig)).toBe(false);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(join(mine.path, WORK_DIR_MARKER))).toBe(true);
    expect(await sweepStaleWorkDirs(base)).toEqual([]);
  });

  it('removes a directory whose pid now belongs to another process (other start time or boot)', async () => {
    const me = await processIdentity();
    const reused = await workDirOf({ ...me, startTime: '1' }, 'Reused');
    const rebooted = await workDirOf(
      { ...me, bootId: '00000000-0000-0000-0000-000000000000' },
      'Reboot',
    );
    const live = await workDirOf(me, 'Alive1');
    expect((await sweepStaleWorkDirs(base)).sort()).toEqual(
      [rebooted, reused].sort(),
    );
    expect(existsSync(live)).toBe(true);
  });

  it('judges a directory without a marker by the pid in its name', async () => {
    const child = startChild();
    const pid = child.pid;
    await child.stop();
    const dead = join(base, `berth-${pid}-NoMark`);
    await mkdir(dead);
    const alive = join(base, `berth-${process.pid}-NoMrk2`);
    await mkdir(alive);
    expect(await sweepStaleWorkDirs(base)).toEqual([dead]);
    expect(existsSync(alive)).toBe(true);
  });

  it("keeps other hosts' directories, other names and symbolic links", async () => {
    const child = startChild();
    const owner = await processIdentity(child.pid);
    await child.stop();
    const otherHost = await workDirOf(
      { ...owner, hostname: 'elsewhere' },
      'OtherH',
    );
    const target = await mkdtemp(join(base, 'target-'));
    await writeFile(join(target, WORK_DIR_MARKER), JSON.stringify(owner));
    await symlink(target, join(base, `berth-${owner.pid}-Linked`));
    await mkdir(join(base, 'berth-helm-abc123'));
    await mkdir(join(base, `berth-${owner.pid}-short`));
    expect(await sweepStaleWorkDirs(base)).toEqual([]);
    for (const dir of [
      otherHost,
      target,
      join(base, `berth-${owner.pid}-Linked`),
      join(base, 'berth-helm-abc123'),
    ]) {
      expect(existsSync(dir)).toBe(true);
    }
  });

  it('finds nothing in a base that does not exist', async () => {
    expect(await sweepStaleWorkDirs(join(base, 'missing'))).toEqual([]);
  });
});
