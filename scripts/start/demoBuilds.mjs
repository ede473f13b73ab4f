// What the demo workflow's build job needs on the local clusters: its
// namespace, and a Git server: examples/demo-source/<name>/ committed into a
// bare repository <name>.git and served read-only over Git's smart HTTP
// protocol (Debian's `git http-backend`) on the real node's bridge address,
// where the build pod (on the real node) fetches it.
import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { adminAuth, DEMO_BUILD_NAMESPACE } from '../local-clusters/index.mjs';
import { request } from '../local-clusters/util.mjs';

const execFileAsync = promisify(execFile);

/** The real node's bridge address (scripts/local-clusters/real-node/constants.mjs). */
export const DEMO_GIT_HOST = '10.246.0.1';
/** Fixed, so the seeded demo workflow can name the repository. */
export const DEMO_GIT_PORT = 7011;

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Berth Demo',
  GIT_AUTHOR_EMAIL: 'demo@berth.local',
  GIT_COMMITTER_NAME: 'Berth Demo',
  GIT_COMMITTER_EMAIL: 'demo@berth.local',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_TERMINAL_PROMPT: '0',
};

const git = (cwd, args) => execFileAsync('git', args, { cwd, env: GIT_ENV });

/** Commits `source` as the first commit of branch main of a new bare repository `bare`. */
async function createRepository(source, bare, work) {
  await git(tmpdir(), ['init', '--quiet', '--bare', '-b', 'main', bare]);
  await git(bare, ['config', 'http.receivepack', 'false']);
  cpSync(source, work, { recursive: true });
  await git(work, ['init', '--quiet', '-b', 'main']);
  await git(work, ['add', '--all']);
  await git(work, ['commit', '--quiet', '-m', 'The demo source']);
  await git(work, ['push', '--quiet', bare, 'main']);
}

/** Answers one request with `git http-backend` (a CGI program). */
function serveWithHttpBackend(projectRoot, req, res) {
  const url = new URL(req.url ?? '/', 'http://git');
  const child = spawn('git', ['http-backend'], {
    env: {
      ...GIT_ENV,
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
  child.stdout.on('data', chunk => {
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
 * Serves every folder of `${repoRoot}/examples/demo-source` as a repository
 * at http://10.246.0.1:7011/<name>.git. Resolves with their URLs and `stop`.
 */
export async function startDemoGitServer(repoRoot) {
  const sources = join(repoRoot, 'examples', 'demo-source');
  const dir = mkdtempSync(join(tmpdir(), 'berth-demo-git-'));
  const names = readdirSync(sources, { withFileTypes: true })
    .filter(entry => entry.isDirectory())
    .map(entry => entry.name);
  try {
    for (const name of names) {
      await createRepository(
        join(sources, name),
        join(dir, `${name}.git`),
        join(dir, 'work', name),
      );
    }
    const server = createServer((req, res) =>
      serveWithHttpBackend(dir, req, res),
    );
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(DEMO_GIT_PORT, DEMO_GIT_HOST, resolve);
    });
    const base = `http://${DEMO_GIT_HOST}:${DEMO_GIT_PORT}`;
    return {
      urls: names.map(name => `${base}/${name}.git`),
      stop() {
        server.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Creates the build Jobs' namespace (berth.workflows.build.namespace) in `cluster` if missing. */
export async function createDemoBuildNamespace(cluster) {
  const r = await request(`${cluster.url}/api/v1/namespaces`, {
    ...adminAuth(cluster),
    method: 'POST',
    body: {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: DEMO_BUILD_NAMESPACE },
    },
  });
  if (r.status !== 201 && r.status !== 409) {
    throw new Error(
      `creating namespace ${DEMO_BUILD_NAMESPACE}: HTTP ${r.status} ${r.body}`,
    );
  }
  return DEMO_BUILD_NAMESPACE;
}
