import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

jest.setTimeout(180_000);

const packageDir = resolve(__dirname, '../..');

describe('test isolation', () => {
  it('gives two test files run one after the other in one process different temporary directories, and removes them', async () => {
    const work = await mkdtemp(join(tmpdir(), 'nested-'));
    const base = join(work, 'base');
    await mkdir(base);
    const report = join(work, 'report.jsonl');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      CI: 'true',
      TMPDIR: base,
      BERTH_TMPDIR_REPORT: report,
    };
    for (const name of [
      'BERTH_TEST_TMPDIR_BASE',
      'BERTH_INTEGRATION',
      'JEST_WORKER_ID',
    ]) {
      delete env[name];
    }
    const cli = join(
      dirname(require.resolve('@backstage/cli/package.json')),
      'bin/backstage-cli',
    );
    // --runInBand: both files in one process, whose environment (TMPDIR)
    // outlives the first file.
    await promisify(execFile)(
      process.execPath,
      [
        cli,
        'package',
        'test',
        '--runInBand',
        '--ci',
        'src/testIsolation/(first|second)\\.probe\\.test\\.ts$',
      ],
      { cwd: packageDir, env },
    );

    const seen: Array<{ name: string; dir: string }> = readFileSync(
      report,
      'utf8',
    )
      .trim()
      .split('\n')
      .map(line => JSON.parse(line));
    expect(seen.map(s => s.name).sort()).toEqual(['first', 'second']);
    expect(seen[0].dir).not.toBe(seen[1].dir);
    for (const { dir } of seen) {
      expect(dirname(dir)).toBe(base);
      expect(existsSync(dir)).toBe(false);
    }
    // (Jest's own cache, jest_*, is the only thing left in the base.)
    expect(readdirSync(base).filter(n => !n.startsWith('jest_'))).toEqual([]);
  });
});
