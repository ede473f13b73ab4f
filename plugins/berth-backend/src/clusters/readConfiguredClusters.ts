import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { BerthCluster } from '@berth/plugin-berth-common';

/**
 * Reads the clusters configured for the Kubernetes plugin
 * (`kubernetes.clusterLocatorMethods` entries of type `config`), so Berth and
 * the stock Kubernetes tab see the same clusters. Credentials stay in config:
 * what is returned is safe to show.
 */
export function readConfiguredClusters(config: Config): BerthCluster[] {
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  const settings = config.getOptionalConfig('berth.clusters');
  const clusters: BerthCluster[] = [];
  const seen = new Set<string>();

  for (const method of methods) {
    if (method.getString('type') !== 'config') {
      continue;
    }
    for (const cluster of method.getOptionalConfigArray('clusters') ?? []) {
      const name = cluster.getString('name');
      if (seen.has(name)) {
        throw new InputError(
          `Cluster '${name}' is configured more than once in kubernetes.clusterLocatorMethods`,
        );
      }
      seen.add(name);
      clusters.push({
        name,
        title: cluster.getOptionalString('title'),
        url: cluster.getString('url'),
        authProvider: cluster.getString('authProvider'),
        allowProduction:
          settings?.getOptionalBoolean(`${name}.allowProduction`) ?? true,
        source: 'config',
      });
    }
  }

  for (const name of settings?.keys() ?? []) {
    if (!seen.has(name)) {
      throw new InputError(
        `berth.clusters.${name} names a cluster that kubernetes.clusterLocatorMethods does not configure`,
      );
    }
  }
  return clusters;
}
