import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, Server } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, join, normalize } from 'node:path';
import { promisify } from 'node:util';
import { findHelmBinary } from '../deployments/findHelmBinary';

const run = promisify(execFile);

/** A chart repository (index.yaml + .tgz files) served on loopback. */
export interface TestChartRepository {
  /** Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string;
  /** The folder served: the packaged charts and index.yaml. */
  dir: string;
  username?: string;
  password?: string;
  /** Packages more chart folders into the repository and re-indexes it. */
  add(chartDirs: string[]): Promise<void>;
  /** Requests seen, e.g. `GET /index.yaml` (for asserting what was fetched). */
  requests: string[];
  stop(): Promise<void>;
}

/** Packages chart folders with the real `helm package` into `dest`. */
export async function helmPackage(
  chartDirs: string[],
  dest: string,
  helm = findHelmBinary(),
): Promise<string[]> {
  const files: string[] = [];
  for (const dir of chartDirs) {
    const { stdout } = await run(helm, ['package', dir, '--destination', dest]);
    // "Successfully packaged chart and saved it to: /x/name-1.0.0.tgz"
    const file = stdout.trim().split(': ').pop()!;
    files.push(file);
  }
  return files;
}

/**
 * Packages chart folders with `helm package`, indexes them with
 * `helm repo index --url`, and serves the folder over HTTP on 127.0.0.1 with
 * optional basic auth (401 without the right credentials).
 */
export async function startChartRepository(
  opts: {
    charts?: string[];
    auth?: boolean;
    username?: string;
    password?: string;
    helm?: string;
  } = {},
): Promise<TestChartRepository> {
  const helm = opts.helm ?? findHelmBinary();
  const dir = mkdtempSync(join(tmpdir(), 'berth-chartrepo-'));
  const username = opts.auth ? opts.username ?? 'berth' : undefined;
  const password = opts.auth
    ? opts.password ?? `pw-${Math.random().toString(36).slice(2, 10)}`
    : undefined;
  const expected =
    username && password
      ? `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`
      : undefined;
  const requests: string[] = [];

  const server: Server = createServer(async (req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (expected && req.headers.authorization !== expected) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="charts"' });
      res.end('unauthorized');
      return;
    }
    const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0]));
    const name = basename(path);
    if (path !== `/${name}` || !/^[\w.+-]+$/.test(name)) {
      res.writeHead(404);
      res.end();
      return;
    }
    try {
      const body = await readFile(join(dir, name));
      res.writeHead(200, {
        'content-type': name.endsWith('.yaml')
          ? 'application/x-yaml'
          : 'application/gzip',
      });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}`;

  const add = async (chartDirs: string[]) => {
    await helmPackage(chartDirs, dir, helm);
    await run(helm, ['repo', 'index', dir, '--url', url]);
  };
  await add(opts.charts ?? []);

  return {
    url,
    dir,
    username,
    password,
    add,
    requests,
    async stop() {
      await new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
