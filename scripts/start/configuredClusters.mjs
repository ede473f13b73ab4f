import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';

/**
 * Whether the given app-config files configure any cluster for the Kubernetes
 * plugin: a `config` locator with clusters, or any other locator (catalog,
 * gke, localKubectlProxy...). Environment substitutions are left as they are.
 */
export function configuresClusters(files) {
  let methods;
  for (const file of files) {
    if (!existsSync(file)) continue;
    const doc = parse(readFileSync(file, 'utf8')) ?? {};
    const fromFile = doc.kubernetes?.clusterLocatorMethods;
    if (fromFile !== undefined) methods = fromFile; // later files win, like Backstage
  }
  return (methods ?? []).some(
    m => m?.type !== 'config' || (m.clusters ?? []).length > 0,
  );
}
