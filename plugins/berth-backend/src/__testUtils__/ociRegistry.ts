import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A registry (distribution v2.8) started for a test on loopback. */
export interface TestRegistry {
  /** `127.0.0.1:<port>`, for image references and `oci://` chart refs. */
  host: string;
  /** `http://127.0.0.1:<port>`, the registry HTTP API v2 base. */
  url: string;
  /** Set when started with `auth: true`: basic-auth credentials (htpasswd). */
  username?: string;
  password?: string;
  /** Stops the registry and removes its storage. */
  stop(): Promise<void>;
}

const REGISTRY_BINARY = '/usr/bin/docker-registry';

/** A free TCP port on 127.0.0.1 (there is a small race until the registry binds it). */
export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A bcrypt hash for htpasswd. Distribution accepts only bcrypt; Node has no
 * bcrypt, so the system's crypt(3) does it through python3 (libxcrypt).
 */
function bcryptHash(password: string): string {
  return execFileSync(
    'python3',
    [
      '-W',
      'ignore',
      '-c',
      'import crypt,sys; print(crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_BLOWFISH)))',
      password,
    ],
    { encoding: 'utf8' },
  ).trim();
}

async function waitUntilUp(
  url: string,
  child: ChildProcess,
  log: () => string,
) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`docker-registry exited (${child.exitCode}): ${log()}`);
    }
    try {
      const res = await fetch(`${url}/v2/`);
      // 401 when auth is on: up all the same.
      if (res.status === 200 || res.status === 401) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(`docker-registry did not start in 15 s: ${log()}`);
    }
    await new Promise(r => setTimeout(r, 100));
  }
}

/**
 * Starts Debian's `docker-registry` (distribution v2.8) on a free loopback
 * port with its storage in a temporary folder (deletes enabled, so tests can
 * remove manifests). With `auth: true` it asks for basic auth from an
 * htpasswd file; distribution 2.8 accepts htpasswd over plain HTTP, so no TLS
 * is needed on loopback. Clients use plain HTTP: `helm --plain-http`, and
 * `http://` for the API v2.
 */
export async function startTestRegistry(
  opts: { auth?: boolean; username?: string; password?: string } = {},
): Promise<TestRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'berth-registry-'));
  const port = await freeLoopbackPort();
  const host = `127.0.0.1:${port}`;
  const url = `http://${host}`;
  const username = opts.auth ? opts.username ?? 'berth' : undefined;
  const password = opts.auth
    ? opts.password ?? `pw-${Math.random().toString(36).slice(2, 10)}`
    : undefined;
  const auth =
    username && password
      ? [
          'auth:',
          '  htpasswd:',
          '    realm: berth-test',
          `    path: ${join(dir, 'htpasswd')}`,
        ]
      : [];
  if (username && password) {
    writeFileSync(
      join(dir, 'htpasswd'),
      `${username}:${bcryptHash(password)}\n`,
    );
  }
  writeFileSync(
    join(dir, 'config.yml'),
    [
      'version: 0.1',
      'log:',
      '  level: error',
      '  accesslog:',
      '    disabled: true',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${join(dir, 'data')}`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: ${host}`,
      ...auth,
      '',
    ].join('\n'),
  );
  let output = '';
  const child = spawn(REGISTRY_BINARY, ['serve', join(dir, 'config.yml')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', d => (output = (output + d).slice(-4000)));
  child.stderr!.on('data', d => (output = (output + d).slice(-4000)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise(r => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise(r => setTimeout(r, 5000))]);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilUp(url, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { host, url, username, password, stop };
}
