import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HostAllowlist, OutboundGuard, readAllowAddresses } from '../outbound';
import { CredentialsSecretRef } from './secretCredentials';

/** Limits applied to every chart archive Berth reads. */
export interface ArchiveLimits {
  /** The largest archive (compressed), in bytes. */
  maxArchiveBytes: number;
  /** The largest single file once uncompressed. */
  maxEntryBytes: number;
  /** The largest total of all files once uncompressed (decompression bombs). */
  maxUncompressedBytes: number;
  /** The most entries (files and folders) an archive may hold. */
  maxEntries: number;
}

/** A chart repository of `berth.helm.repositories`. */
export interface ConfiguredRepository {
  name: string;
  url: string;
  username?: string;
  password?: string;
  /** Credentials stored in a Kubernetes Secret instead of the config. */
  credentialsSecret?: CredentialsSecretRef;
}

/** An OCI registry of `berth.helm.registries`. */
export interface ConfiguredRegistry {
  name: string;
  /** host[:port] */
  host: string;
  username?: string;
  password?: string;
  /** Credentials stored in a Kubernetes Secret instead of the config. */
  credentialsSecret?: CredentialsSecretRef;
  /** Talk plain HTTP (default: only for loopback hosts). */
  plainHttp: boolean;
}

/** Berth's Helm import settings (`berth.helm`). */
export interface HelmImportConfig {
  limits: ArchiveLimits;
  /** How long a repository, registry or Git host may take to answer. */
  timeoutMs: number;
  /** How many items of one import run at once. */
  concurrency: number;
  /** Where archive charts are materialized as .tgz files for helm. */
  cacheDir: string;
  repositories: ConfiguredRepository[];
  registries: ConfiguredRegistry[];
  /** How often tracked values files are re-read. */
  valuesSyncMinutes: number;
  /**
   * Hosts that chart repository URLs, OCI refs, redirects, dependency
   * repositories and token services not configured by name may point to
   * (`host`, `host:port`, `*.domain` or `*`). Empty (the default): only the
   * configured repositories and registries.
   */
  allowedHosts: string[];
  /**
   * Where the temporary folders that hold credentials (registry logins,
   * repository files for `helm dependency build`) go: the process's work
   * directory (see `createWorkDir`). The OS's temporary directory when unset.
   */
  tempDir?: string;
  /** Hosts of the configured Backstage integrations (Git trees, values files). */
  gitHosts: string[];
  /** Every outbound fetch of Helm import and deploys goes through it. */
  guard: OutboundGuard;
}

/** Hosts Backstage's integrations read from when none is configured. */
const DEFAULT_INTEGRATION_HOSTS = [
  'github.com',
  'gitlab.com',
  'bitbucket.org',
  'dev.azure.com',
];

/** The `host` of every entry under `integrations` (github, gitlab, ...). */
function readIntegrationHosts(config: Config): string[] {
  const integrations = config.getOptionalConfig('integrations');
  const hosts = new Set(DEFAULT_INTEGRATION_HOSTS);
  for (const key of integrations?.keys() ?? []) {
    let entries: Config[] = [];
    try {
      entries = integrations!.getOptionalConfigArray(key) ?? [];
    } catch {
      continue; // not a list of entries
    }
    for (const entry of entries) {
      const host = entry.getOptionalString('host');
      if (host) hosts.add(host);
    }
  }
  return [...hosts];
}

/** The hosts chart fetches may reach: configured sources plus allowedHosts. */
export function chartHosts(
  config: Pick<
    HelmImportConfig,
    'repositories' | 'registries' | 'allowedHosts'
  >,
): HostAllowlist {
  return new HostAllowlist([
    ...config.repositories.map(r => new URL(r.url).host),
    ...config.registries.map(r => r.host),
    ...config.allowedHosts,
  ]);
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxArchiveBytes: 10 * 1024 * 1024,
  maxEntryBytes: 5 * 1024 * 1024,
  maxUncompressedBytes: 50 * 1024 * 1024,
  maxEntries: 2000,
};

function isLoopback(host: string) {
  const name = host.replace(/:\d+$/, '');
  return (
    name === 'localhost' ||
    name === '[::1]' ||
    name === '::1' ||
    /^127\.\d+\.\d+\.\d+$/.test(name)
  );
}

/** Reads `berth.helm` with defaults; refuses duplicate or malformed entries. */
export function readHelmImportConfig(config: Config): HelmImportConfig {
  const helm = config.getOptionalConfig('berth.helm');
  const imp = helm?.getOptionalConfig('import');
  const limit = (key: keyof ArchiveLimits) =>
    imp?.getOptionalNumber(key) ?? DEFAULT_ARCHIVE_LIMITS[key];

  const repositories = (helm?.getOptionalConfigArray('repositories') ?? []).map(
    r => {
      const url = r.getString('url').replace(/\/+$/, '');
      if (!/^https?:\/\//.test(url)) {
        throw new InputError(
          `berth.helm.repositories: '${r.getString(
            'name',
          )}' needs an http(s) URL`,
        );
      }
      return {
        name: r.getString('name'),
        url,
        username: r.getOptionalString('username'),
        password: r.getOptionalString('password'),
        credentialsSecret: readCredentialsSecret(r),
      };
    },
  );
  const registries = (helm?.getOptionalConfigArray('registries') ?? []).map(
    r => {
      const host = r.getString('host').replace(/^oci:\/\//, '');
      return {
        name: r.getString('name'),
        host,
        username: r.getOptionalString('username'),
        password: r.getOptionalString('password'),
        credentialsSecret: readCredentialsSecret(r),
        plainHttp: r.getOptionalBoolean('plainHttp') ?? isLoopback(host),
      };
    },
  );
  for (const list of [repositories, registries]) {
    const names = new Set<string>();
    for (const { name } of list) {
      if (names.has(name)) {
        throw new InputError(`berth.helm: '${name}' is configured twice`);
      }
      names.add(name);
    }
  }
  const allowedHosts = imp?.getOptionalStringArray('allowedHosts') ?? [];
  const guard = new OutboundGuard({
    hosts: chartHosts({ repositories, registries, allowedHosts }),
    addresses: readAllowAddresses(config),
  });
  return {
    limits: {
      maxArchiveBytes: limit('maxArchiveBytes'),
      maxEntryBytes: limit('maxEntryBytes'),
      maxUncompressedBytes: limit('maxUncompressedBytes'),
      maxEntries: limit('maxEntries'),
    },
    timeoutMs: (imp?.getOptionalNumber('timeoutSeconds') ?? 15) * 1000,
    concurrency: imp?.getOptionalNumber('concurrency') ?? 8,
    cacheDir:
      imp?.getOptionalString('cacheDir') ?? join(tmpdir(), 'berth-charts'),
    repositories,
    registries,
    valuesSyncMinutes:
      helm?.getOptionalNumber('valuesSync.intervalMinutes') ?? 5,
    allowedHosts,
    gitHosts: readIntegrationHosts(config),
    guard,
  };
}

export { isLoopback };

/** `credentialsSecret: { cluster, namespace, name }` of a repository or registry. */
function readCredentialsSecret(
  entry: Config,
): CredentialsSecretRef | undefined {
  const ref = entry.getOptionalConfig('credentialsSecret');
  if (!ref) return undefined;
  if (entry.has('username') || entry.has('password')) {
    throw new InputError(
      `berth.helm: '${entry.getString(
        'name',
      )}' has both credentials and a credentialsSecret; keep one`,
    );
  }
  return {
    cluster: ref.getString('cluster'),
    namespace: ref.getString('namespace'),
    name: ref.getString('name'),
  };
}
