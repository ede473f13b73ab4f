import {
  ApiConstructor,
  ApiType,
  createConfiguration,
  KubeConfig,
  ServerConfiguration,
  wrapHttpLibrary,
} from '@kubernetes/client-node';
import { BoundedHttpLibrary } from './BoundedHttpLibrary';
import {
  ClusterRequestSettings,
  KubeConfigWithRequestSettings,
} from './requestSettings';

/**
 * A KubeConfig whose API clients (`makeApiClient`, also ObjectApi) bound
 * every request by the cluster's request timeout (see
 * {@link BoundedHttpLibrary}). Watches made with `BoundedWatch` read the
 * same settings.
 */
export class BoundedKubeConfig
  extends KubeConfig
  implements KubeConfigWithRequestSettings
{
  constructor(readonly requestSettings: ClusterRequestSettings) {
    super();
  }

  override makeApiClient<T extends ApiType>(ApiClient: ApiConstructor<T>): T {
    const cluster = this.getCurrentCluster();
    if (!cluster) {
      throw new Error('No active cluster!');
    }
    return new ApiClient(
      createConfiguration({
        baseServer: new ServerConfiguration(cluster.server, {}),
        authMethods: { default: this },
        httpApi: wrapHttpLibrary(new BoundedHttpLibrary(this.requestSettings)),
      }),
    );
  }
}
