import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HelmProcessError } from './HelmProcessError';
import { runHelm } from './runHelm';

// A stand-in for the helm binary: prints its arguments, working directory,
// environment and standard input as JSON; `fail` exits 3, `sleep` waits.
const FAKE_HELM = `
const chunks = [];
process.stdin.on('data', c => chunks.push(c));
process.stdin.on('end', () => {
  const args = process.argv.slice(2);
  if (args[0] === 'fail') {
    process.stderr.write('\\nError: it broke\\n');
    process.exit(3);
  }
  if (args[0] === 'sleep') return setInterval(() => undefined, 1000);
  process.stdout.write(JSON.stringify({
    args,
    cwd: process.cwd(),
    env: process.env,
    stdin: Buffer.concat(chunks).toString(),
  }));
});
`;

describe('runHelm', () => {
  let dir: string;
  let helm: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'run-helm-'));
    await writeFile(join(dir, 'fake-helm.cjs'), FAKE_HELM);
    helm = join(dir, 'helm');
    await writeFile(
      helm,
      `#!/bin/sh\nexec '${process.execPath}' '${join(
        dir,
        'fake-helm.cjs',
      )}' "$@"\n`,
    );
    await chmod(helm, 0o755);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("runs helm with its home, config and data in the call's directory, PATH only from the host, and standard input", async () => {
    process.env.KUBECONFIG = '/somewhere/else';
    try {
      const out = JSON.parse(
        await runHelm({
          helm,
          args: ['registry', 'login', '--password-stdin', '--', 'host'],
          dir,
          timeoutMs: 30_000,
          stdin: 'the-password',
        }),
      );
      expect(out.args).toEqual([
        'registry',
        'login',
        '--password-stdin',
        '--',
        'host',
      ]);
      expect(out.cwd).toBe(dir);
      expect(out.stdin).toBe('the-password');
      expect(out.env).toMatchObject({
        HOME: dir,
        HELM_CACHE_HOME: join(dir, 'cache'),
        HELM_CONFIG_HOME: join(dir, 'config'),
        HELM_DATA_HOME: join(dir, 'data'),
      });
      expect(out.env).not.toHaveProperty('KUBECONFIG');
    } finally {
      delete process.env.KUBECONFIG;
    }
  });

  it('uses the given cache and working directory', async () => {
    const cwd = await mkdtemp(join(dir, 'cwd-'));
    const out = JSON.parse(
      await runHelm({
        helm,
        args: ['package'],
        dir,
        cwd,
        cacheDir: join(dir, 'shared-cache'),
        timeoutMs: 30_000,
      }),
    );
    expect(out.cwd).toBe(cwd);
    expect(out.env.HELM_CACHE_HOME).toBe(join(dir, 'shared-cache'));
  });

  it('rejects with what helm said, its exit code, and how it failed', async () => {
    const failed = await runHelm({
      helm,
      args: ['fail'],
      dir,
      timeoutMs: 30_000,
    }).catch(e => e);
    expect(failed).toBeInstanceOf(HelmProcessError);
    expect(failed.message).toBe('helm fail failed: Error: it broke');
    expect(failed.failure).toMatchObject({
      stderr: 'Error: it broke',
      exitCode: 3,
      timedOut: false,
      aborted: false,
    });

    const late = await runHelm({
      helm,
      args: ['sleep'],
      dir,
      timeoutMs: 300,
    }).catch(e => e);
    expect(late.failure).toMatchObject({ timedOut: true, aborted: false });

    const missing = await runHelm({
      helm: join(dir, 'nope'),
      args: ['list'],
      dir,
      timeoutMs: 30_000,
    }).catch(e => e);
    expect(missing.failure.systemCode).toBe('ENOENT');
  });

  it('stops helm when its signal is aborted, and never starts it when already aborted', async () => {
    const controller = new AbortController();
    const running = runHelm({
      helm,
      args: ['sleep'],
      dir,
      timeoutMs: 60_000,
      signal: controller.signal,
    }).catch(e => e);
    controller.abort();
    expect((await running).failure).toMatchObject({
      aborted: true,
      timedOut: false,
    });
    const never = await runHelm({
      helm: join(dir, 'nope'),
      args: ['list'],
      dir,
      timeoutMs: 30_000,
      signal: AbortSignal.abort(),
    }).catch(e => e);
    expect(never.failure).toMatchObject({ aborted: true });
    expect(never.failure.systemCode).toBeUndefined();
  });
});
