import { KubernetesObject } from '@kubernetes/client-node';
import { kubeError, kubeStatusCode } from '../../../kubernetes/kubeErrors';
import { ObjectApi } from '../../../kubernetes/ObjectApi';
import { FIELD_MANAGER } from '../routingNames';
import { ObjectKind, RoutingObjects } from './RoutingObjects';

function describe(object: KubernetesObject): string {
  const { namespace, name } = object.metadata ?? {};
  return `${object.kind} '${namespace ? `${namespace}/` : ''}${name}'`;
}

/** {@link RoutingObjects} through the Kubernetes API of one cluster. */
export class KubeRoutingObjects implements RoutingObjects {
  constructor(private readonly api: ObjectApi) {}

  async serves(kind: ObjectKind): Promise<boolean> {
    return (
      (await this.api.describeKind(kind.apiVersion, kind.kind)) !== undefined
    );
  }

  async list<T extends KubernetesObject>(
    kind: ObjectKind,
    namespace: string | undefined,
    labelSelector?: string,
  ): Promise<T[]> {
    try {
      const list = await this.api.list<T>(
        kind.apiVersion,
        kind.kind,
        namespace,
        undefined,
        undefined,
        undefined,
        undefined,
        labelSelector,
      );
      return list.items.map(item => ({
        ...item,
        apiVersion: item.apiVersion ?? kind.apiVersion,
        kind: item.kind ?? kind.kind,
      }));
    } catch (error) {
      throw kubeError(
        `Could not list the ${kind.kind}s of ${
          namespace ? `namespace '${namespace}'` : 'the cluster'
        }`,
        error,
      );
    }
  }

  async apply<T extends KubernetesObject>(object: T): Promise<T> {
    try {
      return await this.api.serverSideApply(object, {
        fieldManager: FIELD_MANAGER,
        force: true,
      });
    } catch (error) {
      throw kubeError(`Could not apply ${describe(object)}`, error);
    }
  }

  async mergePatch<T extends KubernetesObject>(patch: T): Promise<T> {
    try {
      return await this.api.mergePatch(patch, { fieldManager: FIELD_MANAGER });
    } catch (error) {
      throw kubeError(`Could not patch ${describe(patch)}`, error);
    }
  }

  async delete(kind: ObjectKind, namespace: string, name: string) {
    try {
      await this.api.delete({
        apiVersion: kind.apiVersion,
        kind: kind.kind,
        metadata: { namespace, name },
      });
    } catch (error) {
      if (kubeStatusCode(error) === 404) return;
      throw kubeError(
        `Could not delete ${kind.kind} '${namespace}/${name}'`,
        error,
      );
    }
  }
}
