import { mockServices } from '@backstage/backend-test-utils';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createWorkDir, WORK_DIR_MARKER } from './workDir';

describe('createWorkDir', () => {
  let base: string;
  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'workdir-'));
  });
  afterEach(() => rm(base, { recursive: true, force: true }));

  it('makes a private directory named after the process, with a marker naming it', async () => {
    const workDir = await createWorkDir({
      base: join(base, 'not-yet'),
      logger: mockServices.logger.mock(),
    });
    expect(basename(workDir.path)).toMatch(
      new RegExp(`^berth-${process.pid}-[A-Za-z0-9]{6}$`),
    );
    expect((await stat(workDir.path)).mode & 0o777).toBe(0o700);
    const marker = join(workDir.path, WORK_DIR_MARKER);
    expect((await stat(marker)).mode & 0o777).toBe(0o600);
    const stat22 = (await readFile('/proc/self/stat', 'utf8'))
      .split(') ')[1]
      .split(' ')[19];
    expect(JSON.parse(await readFile(marker, 'utf8'))).toEqual({
      pid: process.pid,
      hostname: hostname(),
      startTime: stat22,
      bootId: (
        await readFile('/proc/sys/kernel/random/boot_id', 'utf8')
      ).trim(),
    });

    const second = await createWorkDir({ base: join(base, 'not-yet') });
    expect(second.path).not.toBe(workDir.path);
    await workDir.remove();
    expect(existsSync(workDir.path)).toBe(false);
    expect(existsSync(second.path)).toBe(true);
  });

  it('refuses a base so deep that the post-renderer socket could not be made, leaving nothing', async () => {
    const deep = join(base, 'd'.repeat(80));
    await expect(createWorkDir({ base: deep })).rejects.toThrow(
      /too deep for the Unix socket .* set berth.workDir to a shorter path/,
    );
    expect(await readdir(deep)).toEqual([]);
  });
});
