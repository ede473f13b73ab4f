import { execFile } from 'node:child_process';
import { helmEnv } from './helmEnv';
import { HelmProcessError } from './HelmProcessError';

const MAX_STDERR = 8000;

/** Options of {@link runHelm}. */
export interface RunHelmOptions {
  /** The helm binary. */
  helm: string;
  /** The full command line (flags and positional arguments). */
  args: string[];
  /**
   * The call's private temporary directory (the caller creates and removes
   * it): helm's home, config and data, and its working directory unless
   * `cwd` is given.
   */
  dir: string;
  cwd?: string;
  /** Helm's cache (repository indexes, charts); default: inside `dir`. */
  cacheDir?: string;
  /** Helm is stopped (SIGTERM) after this long. */
  timeoutMs: number;
  /** Written to helm's standard input (secrets: `--password-stdin`). */
  stdin?: string;
  /**
   * Stops helm when aborted: SIGTERM, then SIGKILL when it has not exited
   * within `abortGraceMs` (default 10 000).
   */
  signal?: AbortSignal;
  abortGraceMs?: number;
  /** Largest standard output kept (default 256 MiB). */
  maxBuffer?: number;
}

function trimStderr(stderr: string): string {
  const trimmed = stderr.trim();
  return trimmed.length > MAX_STDERR
    ? `…${trimmed.slice(trimmed.length - MAX_STDERR)}`
    : trimmed;
}

/**
 * The one place Berth starts helm: with the environment of
 * {@link helmEnv}, a timeout, an optional AbortSignal and standard input.
 * Resolves with its standard output; rejects with a
 * {@link HelmProcessError} that says how it failed. Arguments are passed
 * as given (no shell); credentials belong in files of `dir` or in `stdin`,
 * never in `args`.
 */
export function runHelm(options: RunHelmOptions): Promise<string> {
  const { helm, args, signal } = options;
  const command = args[0] ?? 'helm';
  if (signal?.aborted) {
    return Promise.reject(
      new HelmProcessError(`helm ${command} was aborted before it started`, {
        stderr: '',
        timedOut: false,
        aborted: true,
        processMessage: 'aborted before it started',
      }),
    );
  }
  return new Promise<string>((resolve, reject) => {
    let aborted = false;
    let stopListening = () => {};
    // Calls back once helm has exited (not when it is signalled).
    const child = execFile(
      helm,
      args,
      {
        env: helmEnv(options.dir, options.cacheDir),
        cwd: options.cwd ?? options.dir,
        timeout: options.timeoutMs,
        maxBuffer: options.maxBuffer ?? 256 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        stopListening();
        if (!error && !aborted) {
          resolve(String(stdout));
          return;
        }
        const text = trimStderr(String(stderr));
        const e = (error ?? new Error('aborted')) as Error & {
          code?: number | string | null;
          killed?: boolean;
        };
        reject(
          new HelmProcessError(`helm ${command} failed: ${text || e.message}`, {
            stderr: text,
            exitCode: typeof e.code === 'number' ? e.code : undefined,
            timedOut: !aborted && Boolean(e.killed),
            aborted,
            systemCode: typeof e.code === 'string' ? e.code : undefined,
            processMessage: e.message,
          }),
        );
      },
    );
    if (options.stdin !== undefined) child.stdin?.end(options.stdin);
    else child.stdin?.end();
    if (signal) {
      let forceKill: NodeJS.Timeout | undefined;
      const onAbort = () => {
        aborted = true;
        child.kill('SIGTERM');
        forceKill = setTimeout(
          () => child.kill('SIGKILL'),
          options.abortGraceMs ?? 10_000,
        );
      };
      signal.addEventListener('abort', onAbort, { once: true });
      stopListening = () => {
        signal.removeEventListener('abort', onAbort);
        clearTimeout(forceKill);
      };
      if (signal.aborted) onAbort();
    }
  });
}
