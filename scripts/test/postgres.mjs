// Starts a throwaway PostgreSQL server (Debian's `postgresql` package) on a free
// loopback port, with its data in a temp directory, for the database suites.
import { execFileSync, spawn } from 'node:child_process';
import {
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../lib/ports.mjs';

function postgresBinDir() {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root).filter(v => existsSync(join(root, v, 'bin', 'initdb')))
    : [];
  if (versions.length === 0) {
    throw new Error(
      `No PostgreSQL server under ${root}: install Debian's postgresql package`,
    );
  }
  versions.sort((a, b) => Number(b) - Number(a));
  return { version: versions[0], bin: join(root, versions[0], 'bin') };
}

// PostgreSQL refuses to run as root: run it as the `postgres` user then.
function asServerUser(command, args) {
  const isRoot = process.getuid?.() === 0;
  return isRoot
    ? ['runuser', ['-u', 'postgres', '--', command, ...args]]
    : [command, args];
}

async function waitUntilReady(bin, port, server, deadline) {
  while (Date.now() < deadline) {
    if (server.exitCode !== null) {
      throw new Error(`postgres exited with code ${server.exitCode}`);
    }
    try {
      execFileSync(join(bin, 'pg_isready'), [
        '-q',
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
      ]);
      return;
    } catch {
      await new Promise(r => setTimeout(r, 200));
    }
  }
  throw new Error(`PostgreSQL did not accept connections on port ${port}`);
}

/**
 * Starts the server, allowing `maxConnections` connections. Returns its
 * connection string, major version and a stop function that ends the server
 * and removes its data.
 */
export async function startPostgres({ maxConnections = 200 } = {}) {
  const { version, bin } = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'berth-pg-'));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const [initCmd, initArgs] = asServerUser(join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  execFileSync(initCmd, initArgs, { stdio: 'ignore' });

  const port = await freePort();
  const [cmd, args] = asServerUser(join(bin, 'postgres'), [
    '-D',
    data,
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'full_page_writes=off',
    '-c',
    `max_connections=${maxConnections}`,
  ]);
  const server = spawn(cmd, args, { stdio: 'ignore', detached: true });
  await waitUntilReady(bin, port, server, Date.now() + 30_000);

  return {
    version,
    port,
    connectionString: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      if (server.exitCode === null) {
        process.kill(-server.pid, 'SIGINT');
        await new Promise(r => server.once('exit', r));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
