import { join } from 'node:path';

/** Environment variables helm may take from Berth's environment. */
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
 * The whole environment of a helm process: its home, config (repositories,
 * registry logins) and data inside `dir`, a private directory of one call,
 * its cache in `cacheDir` (default: inside `dir`), and the proxy variables
 * and PATH of Berth's own environment; nothing else (no KUBECONFIG, no
 * HELM_* of the host).
 */
export function helmEnv(
  dir: string,
  cacheDir?: string,
): Record<string, string> {
  const env: Record<string, string> = {
    HOME: dir,
    HELM_CACHE_HOME: cacheDir ?? join(dir, 'cache'),
    HELM_CONFIG_HOME: join(dir, 'config'),
    HELM_DATA_HOME: join(dir, 'data'),
  };
  for (const name of PASSED_ENV) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}
