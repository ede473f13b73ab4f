import { KubeConfig } from '@kubernetes/client-node';
import { KubeApiProxy } from '../../helmCli';

/**
 * The kubeconfig helm gets: `kc`'s current context, its cluster's server
 * replaced by the loopback API proxy and its user's credentials by the
 * proxy's token, trusting only the proxy's certificate; the real
 * credentials stay in this process.
 */
export function proxiedKubeConfig(
  kc: KubeConfig,
  proxy: KubeApiProxy,
): KubeConfig {
  const context = kc.getContextObject(kc.getCurrentContext());
  const cluster = kc.getCurrentCluster();
  const user = kc.getCurrentUser();
  if (!context || !cluster || !user) {
    throw new Error(
      'The KubeConfig has no current context with a cluster and a user',
    );
  }
  const proxied = new KubeConfig();
  proxied.loadFromOptions({
    clusters: [
      {
        name: cluster.name,
        server: proxy.url,
        caData: Buffer.from(proxy.ca).toString('base64'),
        skipTLSVerify: false,
      },
    ],
    users: [{ name: user.name, token: proxy.token }],
    contexts: [context],
    currentContext: context.name,
  });
  return proxied;
}
