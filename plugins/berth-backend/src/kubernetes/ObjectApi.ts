import {
  KubeConfig,
  KubernetesObjectApi,
  V1APIResource,
} from '@kubernetes/client-node';
import { InputError } from '@backstage/errors';
import { kubeError, kubeStatusCode } from './kubeErrors';

/** KubernetesObjectApi that also tells what the cluster serves (discovery, cached). */
export class ObjectApi extends KubernetesObjectApi {
  static forConfig(kc: KubeConfig): ObjectApi {
    return kc.makeApiClient(ObjectApi);
  }

  /**
   * The API resource of a kind, or undefined when the cluster does not serve
   * it (neither the API version nor the kind).
   */
  async describeKind(
    apiVersion: string,
    kind: string,
  ): Promise<V1APIResource | undefined> {
    try {
      return await this.resource(apiVersion, kind);
    } catch (error) {
      if (kubeStatusCode(error) === 404) return undefined;
      throw kubeError(
        `Could not discover kind '${kind}' of API version '${apiVersion}'`,
        error,
      );
    }
  }

  /** Like {@link describeKind}, but an InputError when the kind is not served. */
  async requireKind(apiVersion: string, kind: string): Promise<V1APIResource> {
    const resource = await this.describeKind(apiVersion, kind);
    if (!resource) {
      throw new InputError(
        `The cluster does not serve kind '${kind}' of API version '${apiVersion}'`,
      );
    }
    return resource;
  }
}
