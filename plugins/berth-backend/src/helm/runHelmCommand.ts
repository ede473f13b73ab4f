import { execFile } from 'node:child_process';
import { join } from 'node:path';

/** What a helm command printed when it failed (or was stopped). */
export class HelmCommandError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
    readonly timedOut: boolean,
  ) {
    super(message);
    this.name = 'HelmCommandError';
  }
}

const PASSED_ENV = [
  'PATH',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
];

/**
 * Runs helm for chart work (package, pull, dependency build, registry
 * login) with its home, config, cache and registry login inside `dir`, a
 * private temporary folder the caller removes. `stdin` carries secrets
 * (`--password-stdin`), so they never appear on a command line.
 */
export function runHelmCommand(
  helm: string,
  args: string[],
  options: { dir: string; cwd?: string; timeoutMs: number; stdin?: string },
): Promise<string> {
  const env: Record<string, string> = {
    HOME: options.dir,
    HELM_CACHE_HOME: join(options.dir, 'helm-cache'),
    HELM_CONFIG_HOME: join(options.dir, 'helm-config'),
    HELM_DATA_HOME: join(options.dir, 'helm-data'),
    HELM_REGISTRY_CONFIG: join(options.dir, 'helm-config', 'registry.json'),
    HELM_REPOSITORY_CONFIG: join(
      options.dir,
      'helm-config',
      'repositories.yaml',
    ),
  };
  for (const name of PASSED_ENV) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return new Promise((resolve, reject) => {
    const child = execFile(
      helm,
      args,
      {
        env,
        cwd: options.cwd ?? options.dir,
        timeout: options.timeoutMs,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (!error) {
          resolve(String(stdout));
          return;
        }
        const text = String(stderr).trim().slice(-4000);
        const killed = Boolean((error as { killed?: boolean }).killed);
        reject(
          new HelmCommandError(
            `helm ${args[0]} failed: ${text || error.message}`,
            text,
            killed,
          ),
        );
      },
    );
    if (options.stdin !== undefined) child.stdin?.end(options.stdin);
    else child.stdin?.end();
  });
}
