import { Config } from '@backstage/config';
import { createHash } from 'node:crypto';

/** `berth.values.projectSecrets`: where projects' secret values are kept. */
export interface ProjectSecretsConfig {
  /** The cluster of the projects' namespaces (default: the first configured cluster). */
  cluster?: string;
  /** The prefix of a project's namespace name (default `berth-project-`). */
  namespacePrefix: string;
}

export const DEFAULT_PROJECT_NAMESPACE_PREFIX = 'berth-project-';

/** Reads `berth.values.projectSecrets`. */
export function readProjectSecretsConfig(config: Config): ProjectSecretsConfig {
  const section = config.getOptionalConfig('berth.values.projectSecrets');
  return {
    cluster: section?.getOptionalString('cluster'),
    namespacePrefix:
      section?.getOptionalString('namespacePrefix') ??
      DEFAULT_PROJECT_NAMESPACE_PREFIX,
  };
}

/**
 * The namespace of a project's secret values: the prefix and the System's
 * namespace and name (`system:default/shop` → `berth-project-default-shop`),
 * a DNS label; shortened with a hash of the ref when too long or changed.
 */
export function projectSecretsNamespace(
  projectRef: string,
  prefix: string,
): string {
  const bare = projectRef.replace(/^system:/i, '').toLowerCase();
  const slug = bare
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  const name = `${prefix}${slug}`;
  if (name.length <= 63 && slug === bare.replace('/', '-')) return name;
  const hash = createHash('sha256').update(projectRef).digest('hex');
  const room = Math.max(0, 63 - prefix.length - 9);
  return `${prefix}${slug.slice(0, room).replace(/-$/, '')}-${hash.slice(
    0,
    8,
  )}`;
}
