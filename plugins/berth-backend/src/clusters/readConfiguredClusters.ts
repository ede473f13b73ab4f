import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { BerthCluster } from '@berth/plugin-berth-common';
import { readEnvironmentUrl } from './readEnvironmentUrl';

/**
 * Reads the clusters configured for the Kubernetes plugin
 * (`kubernetes.clusterLocatorMethods` entries of type `config`), so Berth and
 * the stock Kubernetes tab see the same clusters. Credentials stay in config:
 * what is returned is safe to show.
 *
 * `berth.clusters.<name>` must name one of these clusters, unless a `catalog`
 * locator method is configured too: then it may name a catalog cluster
 * (see `readCatalogClusters`), which is only known at run time.
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
        environmentUrl: readEnvironmentUrl(
          settings?.getOptionalConfig(name),
          name,
        ),
        source: 'config',
      });
    }
  }

  const catalogLocated = readCatalogLocatorMethod(config) !== undefined;
  for (const name of catalogLocated ? [] : settings?.keys() ?? []) {
    if (!seen.has(name)) {
      throw new InputError(
        `berth.clusters.${name} names a cluster that kubernetes.clusterLocatorMethods does not configure (and no catalog locator method is configured)`,
      );
    }
  }
  return clusters;
}

/**
 * The `kubernetes.clusterLocatorMethods` entry of type `catalog`, when the
 * Kubernetes plugin (and so Berth) also finds clusters in the catalog.
 */
export function readCatalogLocatorMethod(config: Config): Config | undefined {
  return (
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? []
  ).find(method => method.getString('type') === 'catalog');
}
