import { BERTH_LABELS } from '@berth/plugin-berth-common';
import {
  CoreV1Api,
  KubeConfig,
  KubernetesObject,
} from '@kubernetes/client-node';
import { kubeError, kubeStatusCode } from './kubeErrors';
import { ObjectApi } from './ObjectApi';

/** The name of the ServiceAccount (and RoleBinding) Berth deploys as, in every environment's namespace. */
export const DEPLOYER_NAME = 'berth-deployer';

/** The ClusterRoleBinding that gives an environment's deployer its cluster-wide role. */
export function deployerClusterBindingName(namespace: string): string {
  return `${DEPLOYER_NAME}-${namespace}`;
}

/** What the deployer of a namespace is bound to. */
export interface DeployerRoles {
  /** Bound in the namespace by the RoleBinding `berth-deployer`. */
  clusterRole: string;
  /** Bound cluster-wide, when given; the binding is removed when not. */
  clusterWideRole?: string;
}

const FIELD_MANAGER = 'berth';
const RBAC = 'rbac.authorization.k8s.io/v1';

function subject(namespace: string) {
  return { kind: 'ServiceAccount', name: DEPLOYER_NAME, namespace };
}

async function apply(api: ObjectApi, object: KubernetesObject) {
  await api.serverSideApply(object, { fieldManager: FIELD_MANAGER });
}

/**
 * Applies a binding; a binding whose roleRef differs (it cannot change) is
 * deleted and applied anew.
 */
async function applyBinding(api: ObjectApi, binding: KubernetesObject) {
  const what = `${binding.kind} '${binding.metadata!.name}'`;
  try {
    await apply(api, binding);
  } catch (error) {
    if (kubeStatusCode(error) !== 422) {
      throw kubeError(`Could not apply ${what}`, error);
    }
    try {
      await api.delete(binding);
      await apply(api, binding);
    } catch (retryError) {
      throw kubeError(`Could not replace ${what}`, retryError);
    }
  }
}

/**
 * Makes sure the deployer identity of an environment's namespace exists as
 * given, with Berth's own credentials (`kc`): the ServiceAccount
 * `berth-deployer`, the RoleBinding `berth-deployer` to `roles.clusterRole`,
 * and, only with `roles.clusterWideRole`, the ClusterRoleBinding
 * `berth-deployer-<namespace>` (owned by the Namespace, so that it goes
 * with it). Safe to repeat.
 */
export async function ensureDeployerIdentity(
  kc: KubeConfig,
  namespace: string,
  roles: DeployerRoles,
): Promise<void> {
  const api = ObjectApi.forConfig(kc);
  const labels = { [BERTH_LABELS.managedBy]: 'berth' };
  try {
    await apply(api, {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: DEPLOYER_NAME, namespace, labels },
    } as KubernetesObject);
  } catch (error) {
    throw kubeError(
      `Could not apply ServiceAccount '${DEPLOYER_NAME}' in namespace '${namespace}'`,
      error,
    );
  }
  await applyBinding(api, {
    apiVersion: RBAC,
    kind: 'RoleBinding',
    metadata: { name: DEPLOYER_NAME, namespace, labels },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: roles.clusterRole,
    },
    subjects: [subject(namespace)],
  } as KubernetesObject);

  const clusterBinding = {
    apiVersion: RBAC,
    kind: 'ClusterRoleBinding',
    metadata: { name: deployerClusterBindingName(namespace), labels },
  };
  if (!roles.clusterWideRole) {
    try {
      await api.delete(clusterBinding as KubernetesObject);
    } catch (error) {
      if (kubeStatusCode(error) !== 404) {
        throw kubeError(
          `Could not delete ClusterRoleBinding '${clusterBinding.metadata.name}'`,
          error,
        );
      }
    }
    return;
  }
  const owner = await kc
    .makeApiClient(CoreV1Api)
    .readNamespace({ name: namespace })
    .catch(error => {
      throw kubeError(`Could not read namespace '${namespace}'`, error);
    });
  await applyBinding(api, {
    ...clusterBinding,
    metadata: {
      ...clusterBinding.metadata,
      ownerReferences: [
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          name: namespace,
          uid: owner.metadata!.uid!,
        },
      ],
    },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: roles.clusterWideRole,
    },
    subjects: [subject(namespace)],
  } as KubernetesObject);
}
