import { ChildProcess, spawn } from 'node:child_process';
import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { HttpClient, httpClient } from './httpClient';
import { descendantsOf, ProcessInfo } from './processTree';

/** The repository's root and the real backend's package. */
export const REPO_ROOT = resolve(__dirname, '../../../../..');
export const BACKEND_DIR = join(REPO_ROOT, 'packages/backend');

/** How a backend process ended. */
export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface BackendProcessOptions {
  /** A short name, e.g. `a`: the log file and the temp folder are named by it. */
  name: string;
  /** The test's own temporary folder. */
  workDir: string;
  /** Config files every replica reads (database, catalog, clusters, ...). */
  configFiles: string[];
  /** The static external-access token the requests carry. */
  token: string;
  /** Config for this process only, merged over the shared files. */
  config?: Record<string, unknown>;
  /** How long a start may take until the backend is ready; default 240 s. */
  startTimeoutMs?: number;
}

/**
 * The real backend (packages/backend, src/index.ts with every plugin) as a
 * child process on its own loopback port, started with Node and the Backstage
 * CLI's TypeScript transform as `backstage-cli package start` does, without
 * the file watcher. It runs in a process group of its own, so a SIGKILL ends
 * it with its helm children as a crashed container would; its temporary files
 * go to a folder of its own (`tmpDir`, its TMPDIR), kept across restarts so
 * leftovers can be looked for. stdout and stderr go to `logFile`, appended
 * on every start.
 */
export interface BackendProcess {
  readonly name: string;
  readonly port: number;
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly logFile: string;
  /** The process's TMPDIR. */
  readonly tmpDir: string;
  /** Requests to /api/berth with the test's token. */
  readonly api: HttpClient;
  /** Requests to any path of the backend (e.g. /api/catalog/...). */
  readonly http: HttpClient;
  /** The pid of the running process, if any. */
  pid(): number | undefined;
  running(): boolean;
  /** Starts it and waits until it is ready; resolves with the milliseconds it took. */
  start(): Promise<number>;
  /**
   * SIGKILL ends the whole process group at once (a crash). SIGTERM goes to
   * the backend alone (a rolling restart) and waits for it to shut down.
   * Whatever is left of the group afterwards is killed, as a container's
   * processes end with its main process.
   */
  kill(signal: 'SIGKILL' | 'SIGTERM'): Promise<ExitInfo>;
  /**
   * SIGSTOP (`true`) or SIGCONT (`false`) to the whole process group: the
   * backend and its helm children stand still, so what they left in the
   * cluster can be read before deciding to kill them there.
   */
  freeze(frozen: boolean): void;
  /** kill(signal) then start(). */
  restart(signal?: 'SIGKILL' | 'SIGTERM'): Promise<number>;
  /** Resolves when the process has exited; rejects after `timeoutMs`. */
  waitExit(timeoutMs?: number): Promise<ExitInfo>;
  /** The backend's descendant processes (helm, its post-renderer, ...). */
  children(): ProcessInfo[];
  /** The last lines of the log file. */
  logTail(lines?: number): string;
  /** How long each start took until ready, in milliseconds. */
  readonly startTimes: number[];
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? ok(address.port)
          : fail(new Error('No port')),
      );
    });
  });
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** The environment of the child: the test's, less what would change the backend. */
function childEnv(tmpDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('APP_CONFIG_') || key.startsWith('JEST_')) continue;
    if (key === 'BACKSTAGE_CLI_CHANNEL' || key === 'NODE_OPTIONS') continue;
    env[key] = value;
  }
  return {
    ...env,
    NODE_ENV: 'production',
    TMPDIR: tmpDir,
    // V8's code cache for the modules the backend loads, shared by every
    // start: restarts skip recompiling node_modules.
    NODE_COMPILE_CACHE: join(REPO_ROOT, 'node_modules/.cache/berth-backend'),
  };
}

/** Creates (does not start) a backend process; picks its free port. */
export async function backendProcess(
  options: BackendProcessOptions,
): Promise<BackendProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logsDir = join(options.workDir, 'logs');
  const tmpDir = join(options.workDir, options.name);
  mkdirSync(logsDir, { recursive: true });
  mkdirSync(tmpDir, { recursive: true });
  const logFile = join(logsDir, `backend-${options.name}.log`);
  const ownConfig = join(options.workDir, `config-${options.name}.json`);
  writeFileSync(
    ownConfig,
    JSON.stringify(
      mergeConfig(options.config ?? {}, {
        backend: { baseUrl: url, listen: { host: '127.0.0.1', port } },
      }),
      null,
      2,
    ),
  );
  const transform = require.resolve(
    '@backstage/cli-node/config/nodeTransform.cjs',
    { paths: [BACKEND_DIR] },
  );
  const args = [
    '--require',
    transform,
    '--require',
    join(__dirname, 'parentWatch.cjs'),
    'src/index.ts',
    ...[...options.configFiles, ownConfig].flatMap(f => ['--config', f]),
  ];

  let child: ChildProcess | undefined;
  let exited: Promise<ExitInfo> | undefined;
  let lastExit: ExitInfo | undefined;
  let starts = 0;
  const startTimes: number[] = [];

  const running = () =>
    child !== undefined && child.exitCode === null && child.signalCode === null;

  function logTail(lines = 80): string {
    try {
      // Without the access log: the tests poll, and it would hide the rest.
      return readFileSync(logFile, 'utf8')
        .split('\n')
        .filter(line => !line.includes('"type":"incomingRequest"'))
        .slice(-lines)
        .join('\n');
    } catch {
      return '(no log)';
    }
  }

  function killGroup(signal: NodeJS.Signals) {
    if (!child?.pid) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // the group is gone
    }
  }

  async function waitExit(timeoutMs = 60_000): Promise<ExitInfo> {
    if (!exited) throw new Error(`Backend ${options.name} was never started`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, fail) => {
      timer = setTimeout(
        () =>
          fail(
            new Error(
              `Backend ${options.name} did not exit within ${timeoutMs} ms`,
            ),
          ),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The log written since byte `offset`. */
  function logSince(offset: number): string {
    try {
      return readFileSync(logFile).subarray(offset).toString('utf8');
    } catch {
      return '';
    }
  }
  let startOffset = 0;

  async function waitReady(deadline: number) {
    const probe = async (path: string) => {
      try {
        const res = await fetch(`${url}${path}`, {
          signal: AbortSignal.timeout(5_000),
        });
        await res.arrayBuffer();
        return res.status === 200;
      } catch {
        return false;
      }
    };
    for (;;) {
      if (!running()) {
        throw new Error(
          `Backend ${options.name} exited while starting (${JSON.stringify(
            lastExit,
          )}); its log ${logFile} ends with:\n${logTail()}`,
        );
      }
      // The backend's own readiness (every plugin initialised, the start-up
      // hooks run), then Berth's health (database and clusters).
      if (
        (await probe('/.backstage/health/v1/readiness')) &&
        (await probe('/api/berth/health'))
      ) {
        return;
      }
      // A failed start leaves the process up, answering 503: stop waiting.
      if (logSince(startOffset).includes('Backend startup failed')) {
        throw new Error(
          `Backend ${
            options.name
          } failed to start; its log ${logFile} ends with:\n${logTail()}`,
        );
      }
      if (Date.now() > deadline) {
        throw new Error(
          `Backend ${options.name} was not ready within ${
            options.startTimeoutMs ?? 240_000
          } ms; its log ${logFile} ends with:\n${logTail()}`,
        );
      }
      await sleep(100);
    }
  }

  async function start(): Promise<number> {
    if (running()) throw new Error(`Backend ${options.name} is running`);
    const started = Date.now();
    starts += 1;
    const fd = openSync(logFile, 'a');
    startOffset = fstatSync(fd).size;
    writeSync(
      fd,
      `\n===== start #${starts} of backend ${
        options.name
      } on port ${port} at ${new Date().toISOString()} =====\n`,
    );
    try {
      child = spawn(process.execPath, args, {
        cwd: BACKEND_DIR,
        env: childEnv(tmpDir),
        detached: true,
        stdio: ['ignore', fd, fd, 'ipc'],
      });
    } finally {
      closeSync(fd);
    }
    const current = child;
    exited = new Promise<ExitInfo>(ok => {
      current.once('exit', (code, signal) => {
        lastExit = { code, signal };
        ok(lastExit);
      });
    });
    // Neither the child nor its channel keeps the test process alive.
    current.unref();
    (current.channel as { unref?: () => void } | undefined)?.unref?.();
    try {
      await waitReady(started + (options.startTimeoutMs ?? 240_000));
    } catch (error) {
      killGroup('SIGKILL');
      throw error;
    }
    const ms = Date.now() - started;
    startTimes.push(ms);
    return ms;
  }

  async function kill(signal: 'SIGKILL' | 'SIGTERM'): Promise<ExitInfo> {
    if (!running() || !child?.pid) {
      if (lastExit) return lastExit;
      throw new Error(`Backend ${options.name} is not running`);
    }
    try {
      if (signal === 'SIGKILL') killGroup('SIGKILL');
      else process.kill(child.pid, signal);
      return await waitExit(signal === 'SIGKILL' ? 30_000 : 120_000);
    } finally {
      killGroup('SIGKILL');
    }
  }

  return {
    name: options.name,
    port,
    url,
    logFile,
    tmpDir,
    api: httpClient(() => `${url}/api/berth`, options.token),
    http: httpClient(() => url, options.token),
    pid: () => (running() ? child?.pid : undefined),
    running,
    start,
    kill,
    freeze(frozen) {
      killGroup(frozen ? 'SIGSTOP' : 'SIGCONT');
    },
    async restart(signal = 'SIGKILL') {
      await kill(signal);
      return start();
    },
    waitExit,
    children: () => (child?.pid && running() ? descendantsOf(child.pid) : []),
    logTail,
    startTimes,
  };
}

/** Deep merge of plain objects; arrays and other values of `b` win. */
export function mergeConfig(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const prev = out[key];
    out[key] =
      isPlainObject(prev) && isPlainObject(value)
        ? mergeConfig(prev, value)
        : value;
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
