import { Config } from '@backstage/config';
import { ClusterAccess, readBerthCredentials } from './clusterAccess';

/**
 * How Berth reaches the clusters of `kubernetes.clusterLocatorMethods`
 * entries of type `config`, by cluster name. Berth's own credentials
 * (`berth.clusters.<name>`) win over a `serviceAccount` cluster's
 * `serviceAccountToken`. Validation of the entries is left to
 * {@link readConfiguredClusters}.
 */
export function readConfiguredClusterAccess(
  config: Config,
): Map<string, ClusterAccess> {
  const access = new Map<string, ClusterAccess>();
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  for (const method of methods) {
    if (method.getString('type') !== 'config') {
      continue;
    }
    for (const cluster of method.getOptionalConfigArray('clusters') ?? []) {
      const name = cluster.getString('name');
      const token =
        cluster.getOptionalString('authProvider') === 'serviceAccount'
          ? cluster.getOptionalString('serviceAccountToken')
          : undefined;
      access.set(name, {
        url: cluster.getString('url'),
        caData: cluster.getOptionalString('caData'),
        caFile: cluster.getOptionalString('caFile'),
        skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
        credentials:
          readBerthCredentials(config, name) ??
          (token ? { type: 'token', token } : undefined),
      });
    }
  }
  return access;
}
