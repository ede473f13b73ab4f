import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { withTempDir } from './prepareChart';

describe('withTempDir', () => {
  it('makes a private folder under the given base (the work directory) and removes it, also on failure', async () => {
    const base = await mkdtemp(join(tmpdir(), 'work-'));
    try {
      let seen = '';
      await expect(
        withTempDir('berth-oci-', base, async dir => {
          seen = dir;
          expect(dirname(dir)).toBe(base);
          expect((await stat(dir)).mode & 0o777).toBe(0o700);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(seen).toMatch(/\/berth-oci-[A-Za-z0-9]{6}$/);
      expect(existsSync(seen)).toBe(false);

      const inTmp = await withTempDir(
        'berth-pack-',
        undefined,
        async dir => dir,
      );
      expect(dirname(inTmp)).toBe(tmpdir());
      expect(existsSync(inTmp)).toBe(false);
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });
});
