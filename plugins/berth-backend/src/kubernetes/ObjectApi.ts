import {
  KubeConfig,
  KubernetesListObject,
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
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

  /**
   * Server-side apply of a whole object (`force` takes over conflicting
   * fields, as Berth owns what it applies); `dryRun` asks the server only.
   */
  serverSideApply<T extends KubernetesObject>(
    object: T,
    options: { fieldManager: string; dryRun?: boolean; force?: boolean },
  ): Promise<T> {
    return this.patch(
      object,
      undefined,
      options.dryRun ? 'All' : undefined,
      options.fieldManager,
      options.force ?? true,
      PatchStrategy.ServerSideApply,
    );
  }

  /** A JSON merge patch (or another patch strategy) of the fields in `patch`. */
  mergePatch<T extends KubernetesObject>(
    patch: T,
    options: { fieldManager: string; strategy?: PatchStrategy },
  ): Promise<T> {
    return this.patch(
      patch,
      undefined,
      undefined,
      options.fieldManager,
      undefined,
      options.strategy ?? PatchStrategy.MergePatch,
    );
  }

  /**
   * The objects of a kind in a namespace: those that match `labelSelector`,
   * at most `limit` of them (the first page). `list` with its query options
   * by name rather than by position.
   */
  listIn(
    apiVersion: string,
    kind: string,
    namespace: string,
    query: { labelSelector?: string; limit?: number },
  ): Promise<KubernetesListObject<KubernetesObject>> {
    return this.list(
      apiVersion,
      kind,
      namespace,
      undefined, // pretty
      undefined, // exact
      undefined, // exportt
      undefined, // fieldSelector
      query.labelSelector,
      query.limit,
    );
  }

  /** Deletes an object; its dependents are deleted in the background. */
  deleteInBackground(object: KubernetesObject): Promise<unknown> {
    return this.delete(
      object,
      undefined,
      undefined,
      undefined,
      undefined,
      'Background',
    );
  }
}
