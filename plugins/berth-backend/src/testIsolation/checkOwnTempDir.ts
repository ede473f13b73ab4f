import { execFileSync } from 'node:child_process';
import { appendFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

/**
 * Checks that the calling test file has a temporary directory of its own
 * (see scripts/test/isolateTempDir.cjs), fresh and seen by its child
 * processes too, and returns it. With BERTH_TMPDIR_REPORT set, also appends
 * `{ name, dir }` to that file, for tempDirIsolation.test.ts.
 */
export function checkOwnTempDir(name: string): string {
  const dir = tmpdir();
  expect(dirname(dir)).toBe(process.env.BERTH_TEST_TMPDIR_BASE);
  expect(basename(dir)).toMatch(/^berth-jest-[A-Za-z0-9]{6}$/);
  expect(process.env.TMPDIR).toBe(dir);
  expect(readdirSync(dir)).toEqual([]);
  expect(
    execFileSync(process.execPath, ['-p', 'require("node:os").tmpdir()'], {
      encoding: 'utf8',
    }).trim(),
  ).toBe(dir);
  writeFileSync(join(dir, `${name}.txt`), name);

  const report = process.env.BERTH_TMPDIR_REPORT;
  if (report) appendFileSync(report, `${JSON.stringify({ name, dir })}\n`);
  return dir;
}
