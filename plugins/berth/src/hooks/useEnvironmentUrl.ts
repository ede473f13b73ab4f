import { BerthEnvironment } from '@berth/plugin-berth-common';
import { useClusters } from './useClusters';

/**
 * Where the environment is served: its cluster's `environmentUrl` with the
 * environment's namespace in it, or undefined when the cluster has no gateway
 * configured (or the clusters are still loading).
 */
export function useEnvironmentUrl(
  environment: Pick<BerthEnvironment, 'cluster' | 'namespace'>,
): string | undefined {
  const clusters = useClusters();
  const template = clusters.value?.find(
    c => c.name === environment.cluster,
  )?.environmentUrl;
  return template?.replaceAll('{namespace}', environment.namespace);
}
