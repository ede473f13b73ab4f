import { KubeConfig } from '@kubernetes/client-node';
import { KubeApiProxy } from '../../helmCli';
import { currentContext } from '../currentContext';

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
  const { context, cluster, user } = currentContext(kc);
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
