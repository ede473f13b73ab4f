import { Config } from '@backstage/config';
import { BerthCluster } from '@berth/plugin-berth-common';
import { ClusterAccess, readBerthCredentials } from './clusterAccess';
import { readEnvironmentUrl } from './readEnvironmentUrl';
import { readCatalogLocatorMethod } from './readConfiguredClusters';

/** The annotations the Kubernetes plugin's catalog cluster locator reads. */
export const CATALOG_CLUSTER_ANNOTATIONS = {
  apiServer: 'kubernetes.io/api-server',
  apiServerCa: 'kubernetes.io/api-server-certificate-authority',
  authProvider: 'kubernetes.io/auth-provider',
  skipTlsVerify: 'kubernetes.io/skip-tls-verify',
} as const;

/** The parts of a catalog entity that describe a cluster. */
export interface CatalogClusterEntity {
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    title?: string;
    annotations?: Record<string, string>;
  };
  spec?: { type?: unknown };
}

/** A cluster found in the catalog, with how Berth reaches it. */
export interface CatalogCluster {
  cluster: BerthCluster;
  access: ClusterAccess;
}

/** What came of reading the catalog's `kubernetes-cluster` Resources. */
export interface CatalogClusters {
  clusters: CatalogCluster[];
  /** Entities describing clusters that Berth does not use, and why. */
  skipped: Array<{ name: string; reason: string }>;
}

/** Whether an entity is a `Resource` of `spec.type: kubernetes-cluster`. */
export function isClusterEntity(entity: CatalogClusterEntity): boolean {
  return (
    entity.kind.toLowerCase() === 'resource' &&
    entity.spec?.type === 'kubernetes-cluster'
  );
}

function apiServerProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `its ${CATALOG_CLUSTER_ANNOTATIONS.apiServer} annotation '${url}' is not a URL`;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return `its ${CATALOG_CLUSTER_ANNOTATIONS.apiServer} annotation must be an http(s) URL`;
  }
  if (parsed.username || parsed.password) {
    return `its ${CATALOG_CLUSTER_ANNOTATIONS.apiServer} annotation must not contain credentials`;
  }
  return undefined;
}

/**
 * Reads the clusters that catalog `Resource` entities of type
 * `kubernetes-cluster` describe, with the annotations the Kubernetes plugin's
 * catalog locator reads. The catalog holds no secrets, so Berth uses such a
 * cluster only when `berth.clusters.<name>` gives credentials for it
 * (`serviceAccountToken` or `clientCertificate`); when that entry also sets
 * `url`, the entity's API server must be that URL, so that an entity cannot
 * divert the credentials elsewhere. Names that more than one entity uses are
 * skipped for the same reason. `kubernetes.io/skip-tls-verify: 'true'` counts
 * only when the catalog locator method sets `dangerouslyAllowSkipTLSVerify`.
 */
export function readCatalogClusters(
  entities: CatalogClusterEntity[],
  config: Config,
): CatalogClusters {
  const candidates = entities.filter(isClusterEntity);
  const allowSkipTls =
    readCatalogLocatorMethod(config)?.getOptionalBoolean(
      'dangerouslyAllowSkipTLSVerify',
    ) ?? false;
  const counts = new Map<string, number>();
  for (const entity of candidates) {
    const name = entity.metadata.name;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }

  const result: CatalogClusters = { clusters: [], skipped: [] };
  for (const entity of candidates) {
    const { name } = entity.metadata;
    const read =
      (counts.get(name) ?? 0) > 1
        ? `${counts.get(name)} catalog Resources are named '${name}'`
        : readCatalogCluster(entity, config, allowSkipTls);
    if (typeof read === 'string') {
      result.skipped.push({ name, reason: read });
    } else {
      result.clusters.push(read);
    }
  }
  return result;
}

/** One catalog cluster with how Berth reaches it, or why Berth skips it. */
function readCatalogCluster(
  entity: CatalogClusterEntity,
  config: Config,
  allowSkipTls: boolean,
): CatalogCluster | string {
  const { name, title } = entity.metadata;
  const annotations = entity.metadata.annotations ?? {};
  const url = annotations[CATALOG_CLUSTER_ANNOTATIONS.apiServer];
  const authProvider = annotations[CATALOG_CLUSTER_ANNOTATIONS.authProvider];
  const settings = config
    .getOptionalConfig('berth.clusters')
    ?.getOptionalConfig(name);
  const pinnedUrl = settings?.getOptionalString('url');

  if (!url) {
    return `it has no ${CATALOG_CLUSTER_ANNOTATIONS.apiServer} annotation`;
  }
  const problem = apiServerProblem(url);
  if (problem) {
    return problem;
  }
  if (!authProvider) {
    return `it has no ${CATALOG_CLUSTER_ANNOTATIONS.authProvider} annotation`;
  }
  const credentials = readBerthCredentials(config, name);
  if (!credentials) {
    return `berth.clusters.${name} gives no serviceAccountToken or clientCertificate`;
  }
  if (pinnedUrl !== undefined && pinnedUrl !== url) {
    return `its API server ${url} is not berth.clusters.${name}.url (${pinnedUrl})`;
  }
  return {
    cluster: {
      name,
      title,
      url,
      authProvider,
      allowProduction: settings?.getOptionalBoolean('allowProduction') ?? true,
      environmentUrl: readEnvironmentUrl(settings, name),
      source: 'catalog',
    },
    access: {
      url,
      caData: annotations[CATALOG_CLUSTER_ANNOTATIONS.apiServerCa],
      skipTLSVerify:
        allowSkipTls &&
        annotations[CATALOG_CLUSTER_ANNOTATIONS.skipTlsVerify] === 'true',
      credentials,
    },
  };
}
