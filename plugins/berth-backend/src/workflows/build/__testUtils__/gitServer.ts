import { execFile, spawn } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A Git repository served over HTTP by Debian's `git http-backend`, for one test. */
export interface TestGitServer {
  /** Clone URL of the repository, e.g. `http://127.0.0.1:40123/app.git`. */
  url: string;
  /** Commits these files (path -> content; null deletes) on `branch` (default `main`); returns the commit id. */
  commit(
    files: Record<string, string | null>,
    options?: { message?: string; branch?: string; executable?: string[] },
  ): Promise<string>;
  /** Requests the server answered (method and path), to check who fetched. */
  requests: string[];
  /** Holds each fetch's pack request this long before answering (a slow checkout, for crash tests). */
  delayFetchMs: number;
  stop(): Promise<void>;
}

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Berth Test',
  GIT_AUTHOR_EMAIL: 'test@berth.local',
  GIT_COMMITTER_NAME: 'Berth Test',
  GIT_COMMITTER_EMAIL: 'test@berth.local',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_TERMINAL_PROMPT: '0',
};

async function git(cwd: string, args: string[], env: NodeJS.ProcessEnv) {
  const { stdout } = await run('git', args, { cwd, env });
  return stdout.trim();
}

/** Runs `git http-backend` as a CGI program for one request. */
function serveCgi(
  projectRoot: string,
  req: IncomingMessage,
  res: ServerResponse,
  env: NodeJS.ProcessEnv,
) {
  const url = new URL(req.url ?? '/', 'http://git');
  const child = spawn('git', ['http-backend'], {
    env: {
      ...env,
      GIT_PROJECT_ROOT: projectRoot,
      GIT_HTTP_EXPORT_ALL: '1',
      REQUEST_METHOD: req.method ?? 'GET',
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.replace(/^\?/, ''),
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      ...(req.headers['content-length'] && {
        CONTENT_LENGTH: req.headers['content-length'],
      }),
      ...(req.headers['content-encoding'] && {
        HTTP_CONTENT_ENCODING: req.headers['content-encoding'],
      }),
      ...(req.headers['git-protocol'] && {
        GIT_PROTOCOL: String(req.headers['git-protocol']),
      }),
      REMOTE_ADDR: req.socket.remoteAddress ?? '',
      SERVER_PROTOCOL: 'HTTP/1.1',
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  req.pipe(child.stdin);
  let head = Buffer.alloc(0);
  let headersSent = false;
  let stderr = '';
  child.stderr.on('data', d => (stderr += d));
  child.stdout.on('data', (chunk: Buffer) => {
    if (headersSent) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end < 0) return;
    let status = 200;
    for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === 'status') status = parseInt(value, 10);
      else res.setHeader(name, value);
    }
    res.writeHead(status);
    headersSent = true;
    res.write(head.subarray(end + 4));
  });
  child.on('close', code => {
    if (!headersSent) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.write(`git http-backend exited ${code}: ${stderr}`);
    }
    res.end();
  });
}

/**
 * Starts a bare repository `<name>.git` in a temporary folder and serves it
 * (fetch only) on `host` (127.0.0.1 for tests on the host; the real node's
 * 10.246.0.1 or 0.0.0.0 when pods must reach it) and a free port.
 */
export async function startTestGitServer(
  options: { host?: string; name?: string } = {},
): Promise<TestGitServer> {
  const host = options.host ?? '127.0.0.1';
  const name = options.name ?? 'app';
  const dir = await mkdtemp(join(tmpdir(), 'berth-git-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    ...GIT_ENV,
  };
  const bare = join(dir, `${name}.git`);
  const work = join(dir, 'work');
  await git(dir, ['init', '--quiet', '--bare', '-b', 'main', bare], env);
  await git(bare, ['config', 'http.receivepack', 'false'], env);
  await git(dir, ['init', '--quiet', '-b', 'main', work], env);
  await git(work, ['remote', 'add', 'origin', bare], env);

  const requests: string[] = [];
  const delay = { fetchMs: 0 };
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const pack = req.method === 'POST' && req.url?.endsWith('/git-upload-pack');
    if (pack && delay.fetchMs > 0) {
      setTimeout(() => serveCgi(dir, req, res, env), delay.fetchMs);
      return;
    }
    serveCgi(dir, req, res, env);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let queue: Promise<unknown> = Promise.resolve();
  const commit: TestGitServer['commit'] = (files, opts = {}) => {
    const branch = opts.branch ?? 'main';
    const next = queue.then(async () => {
      const branches = await git(work, ['branch', '--list', branch], env);
      const hasCommits = await git(
        work,
        ['rev-parse', '--verify', '-q', 'HEAD'],
        env,
      ).then(
        () => true,
        () => false,
      );
      if (!hasCommits) {
        await git(work, ['checkout', '-q', '-B', branch], env);
      } else {
        await git(
          work,
          ['checkout', '-q', ...(branches ? [] : ['-b']), branch],
          env,
        );
      }
      for (const [path, content] of Object.entries(files)) {
        const file = join(work, path);
        if (content === null) {
          await git(work, ['rm', '-q', '--', path], env);
          continue;
        }
        await mkdir(dirname(file), { recursive: true });
        await writeFile(file, content, {
          mode: opts.executable?.includes(path) ? 0o755 : 0o644,
        });
        await git(work, ['add', '--', path], env);
        if (opts.executable?.includes(path)) {
          await git(work, ['update-index', '--chmod=+x', '--', path], env);
        }
      }
      await git(
        work,
        ['commit', '-q', '--allow-empty', '-m', opts.message ?? 'test commit'],
        env,
      );
      await git(
        work,
        ['push', '-q', 'origin', `${branch}:refs/heads/${branch}`],
        env,
      );
      return git(work, ['rev-parse', 'HEAD'], env);
    });
    queue = next.catch(() => undefined);
    return next;
  };

  return {
    url: `http://${urlHost}:${port}/${name}.git`,
    commit,
    requests,
    get delayFetchMs() {
      return delay.fetchMs;
    },
    set delayFetchMs(ms: number) {
      delay.fetchMs = ms;
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
