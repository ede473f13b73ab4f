import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { berthNamespaceAdoptPermission } from '@berth/plugin-berth-common';
import { EnvironmentAuthorizer } from './EnvironmentAuthorizer';
import { EnvironmentPermissionResource } from './environmentRules';

/** Which namespaces anyone may adopt, per cluster (AdoptableNamespaces). */
export interface AdoptionRules {
  matches(cluster: string, namespace: string): boolean;
  patterns(cluster: string): string[];
}

/**
 * Checks that the caller may adopt the namespace of a planned environment:
 * the namespace matches one of the cluster's `adoptableNamespaces`
 * patterns, or the caller holds `berth.namespace.adopt` for the environment.
 * NotAllowedError otherwise. (Whether the namespace holds anything of anyone
 * else's is checked when it is planned and again when it is taken over.)
 */
export async function authorizeAdoption(
  deps: {
    authorizer: EnvironmentAuthorizer;
    adoptableNamespaces: AdoptionRules;
  },
  credentials: BackstageCredentials,
  planned: EnvironmentPermissionResource & { name: string; namespace: string },
): Promise<void> {
  const { cluster, namespace } = planned;
  if (deps.adoptableNamespaces.matches(cluster, namespace)) return;
  try {
    const { namespace: _namespace, ...resource } = planned;
    await deps.authorizer.authorize(
      credentials,
      berthNamespaceAdoptPermission,
      resource,
    );
  } catch (error) {
    if (!(error instanceof NotAllowedError)) throw error;
    const patterns = deps.adoptableNamespaces.patterns(cluster);
    throw new NotAllowedError(
      `Namespace '${namespace}' on cluster '${cluster}' may not be adopted: it matches none of berth.clusters.${cluster}.adoptableNamespaces (${
        patterns.join(', ') || 'none configured'
      }), and adopting other namespaces needs the permission ${
        berthNamespaceAdoptPermission.name
      }`,
    );
  }
}
