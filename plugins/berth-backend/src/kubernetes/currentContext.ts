import { Cluster, Context, KubeConfig, User } from '@kubernetes/client-node';

/** The current context of a KubeConfig with its cluster and user. */
export interface CurrentContext {
  context: Context;
  cluster: Cluster;
  user: User;
}

/**
 * The current context of `kc` with its cluster and user; an error when one
 * of them is missing.
 */
export function currentContext(kc: KubeConfig): CurrentContext {
  const context = kc.getContextObject(kc.getCurrentContext());
  const cluster = kc.getCurrentCluster();
  const user = kc.getCurrentUser();
  if (!context || !cluster || !user) {
    throw new Error(
      'The KubeConfig has no current context with a cluster and a user',
    );
  }
  return { context, cluster, user };
}
