import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTestGitServer, TestGitServer } from './gitServer';

const run = promisify(execFile);

describe('the test Git server (git http-backend)', () => {
  let server: TestGitServer;
  let dir: string;

  beforeAll(async () => {
    server = await startTestGitServer({ name: 'shop' });
    dir = await mkdtemp(join(tmpdir(), 'berth-git-client-'));
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const env = { ...process.env, GIT_TERMINAL_PROMPT: '0', HOME: tmpdir() };

  it('serves commits of branches over HTTP and returns their ids', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/shop\.git$/);
    const first = await server.commit(
      { 'version.txt': '1\n', 'bin/run.sh': '#!/bin/sh\n' },
      { executable: ['bin/run.sh'] },
    );
    const second = await server.commit({ 'version.txt': '2\n' });
    const feature = await server.commit(
      { 'feature.txt': 'f' },
      { branch: 'feature' },
    );
    expect(first).toMatch(/^[0-9a-f]{40}$/);
    expect(new Set([first, second, feature]).size).toBe(3);

    const { stdout } = await run('git', ['ls-remote', server.url], { env });
    expect(stdout).toContain(`${second}\trefs/heads/main`);
    expect(stdout).toContain(`${feature}\trefs/heads/feature`);

    const clone = join(dir, 'clone');
    await run('git', ['clone', '-q', server.url, clone], { env });
    expect(await readFile(join(clone, 'version.txt'), 'utf8')).toBe('2\n');
    expect((await stat(join(clone, 'bin/run.sh'))).mode & 0o111).toBe(0o111);
    await run('git', ['-C', clone, 'checkout', '-q', first], { env });
    expect(await readFile(join(clone, 'version.txt'), 'utf8')).toBe('1\n');
    expect(
      server.requests.some(r => r.startsWith('POST /shop.git/git-upload-pack')),
    ).toBe(true);
  });

  it('refuses pushes and unknown repositories', async () => {
    const clone = join(dir, 'clone');
    await run('git', ['-C', clone, 'checkout', '-q', '-b', 'mine'], { env });
    await expect(
      run('git', ['-C', clone, 'push', '-q', 'origin', 'mine'], { env }),
    ).rejects.toThrow(/returned error: 403/);
    const missing = await fetch(
      `${server.url.replace(
        'shop.git',
        'other.git',
      )}/info/refs?service=git-upload-pack`,
    );
    expect(missing.status).toBe(404);
  });
});
