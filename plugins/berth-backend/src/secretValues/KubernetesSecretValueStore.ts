import { ConflictError, InputError } from '@backstage/errors';
import { BERTH_LABELS } from '@berth/plugin-berth-common';
import {
  CoreV1Api,
  PatchStrategy,
  V1Secret,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { kubeError, kubeStatusCode } from '../kubernetes/kubeErrors';
import {
  ProjectSecretsConfig,
  projectSecretsNamespace,
} from './projectSecretsNamespace';
import { SecretScope, SecretValueStore } from './SecretValueStore';

/** The label naming the kind of a Secret of secret values (`environment`, `record`, `project`). */
export const SECRET_VALUES_LABEL = 'berth.dev/secret-values';
/** The name of an environment's (or a project's) Secret of secret values. */
export const VALUES_SECRET = 'berth-values';

const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64');
}

function decode(data: string): unknown {
  return JSON.parse(Buffer.from(data, 'base64').toString('utf8'));
}

/** A Kubernetes Secret of the scope: cluster, namespace, name. */
interface Location {
  cluster: string;
  namespace: string;
  name: string;
  kind: SecretScope['kind'];
}

/**
 * Secret values in Kubernetes Secrets (see {@link SecretScope}): data key
 * the id, data the value as JSON. Every Secret and project namespace is
 * labelled as Berth's (`app.kubernetes.io/managed-by: berth`,
 * `berth.dev/secret-values: <kind>`); a project namespace that exists and is
 * not Berth's is refused.
 */
export class KubernetesSecretValueStore implements SecretValueStore {
  constructor(
    private readonly clusters: ClusterRegistry,
    private readonly projects: ProjectSecretsConfig,
  ) {}

  async put(scope: SecretScope, entries: Record<string, unknown>) {
    if (Object.keys(entries).length === 0) return;
    const at = this.locate(scope);
    const core = this.core(at.cluster);
    if (scope.kind === 'project') await this.ensureProjectNamespace(at);
    const data = Object.fromEntries(
      Object.entries(entries).map(([id, value]) => [id, encode(value)]),
    );
    const body: V1Secret = {
      metadata: {
        name: at.name,
        namespace: at.namespace,
        labels: {
          [BERTH_LABELS.managedBy]: 'berth',
          [SECRET_VALUES_LABEL]: at.kind,
        },
      },
      type: 'Opaque',
      immutable: at.kind === 'record' ? true : undefined,
      data,
    };
    try {
      await core.createNamespacedSecret({ namespace: at.namespace, body });
      return;
    } catch (error) {
      if (kubeStatusCode(error) !== 409) throw this.failed('write', at, error);
    }
    // A record's Secret is written once: its values are the record's.
    if (at.kind === 'record') return;
    try {
      await core.patchNamespacedSecret(
        { name: at.name, namespace: at.namespace, body: { data } },
        mergePatch,
      );
    } catch (error) {
      throw this.failed('write', at, error);
    }
  }

  async get(scopes: readonly SecretScope[], ids: readonly string[]) {
    const found: Record<string, unknown> = {};
    let missing = [...new Set(ids)];
    for (const scope of scopes) {
      if (missing.length === 0) break;
      const data = (await this.read(this.locate(scope)))?.data ?? {};
      for (const id of missing) {
        if (Object.hasOwn(data, id)) found[id] = decode(data[id]);
      }
      missing = missing.filter(id => !Object.hasOwn(found, id));
    }
    return found;
  }

  async remove(scope: SecretScope, ids: readonly string[]) {
    if (ids.length === 0) return;
    const at = this.locate(scope);
    if (at.kind === 'record') {
      throw new InputError('The secret values of a record cannot change');
    }
    const existing = await this.read(at);
    const present = ids.filter(id => Object.hasOwn(existing?.data ?? {}, id));
    if (present.length === 0) return;
    try {
      await this.core(at.cluster).patchNamespacedSecret(
        {
          name: at.name,
          namespace: at.namespace,
          body: { data: Object.fromEntries(present.map(id => [id, null])) },
        },
        mergePatch,
      );
    } catch (error) {
      if (kubeStatusCode(error) !== 404) throw this.failed('write', at, error);
    }
  }

  async removeNamespace(cluster: string, namespace: string) {
    try {
      await this.core(cluster).deleteCollectionNamespacedSecret({
        namespace,
        labelSelector: `${BERTH_LABELS.managedBy}=berth,${SECRET_VALUES_LABEL}`,
      });
    } catch (error) {
      if (kubeStatusCode(error) === 404) return;
      throw kubeError(
        `Could not remove the secret values in namespace '${namespace}' on cluster '${cluster}'`,
        error,
      );
    }
  }

  private async read(at: Location): Promise<V1Secret | undefined> {
    try {
      return await this.core(at.cluster).readNamespacedSecret({
        name: at.name,
        namespace: at.namespace,
      });
    } catch (error) {
      if (kubeStatusCode(error) === 404) return undefined;
      throw this.failed('read', at, error);
    }
  }

  private async ensureProjectNamespace(at: Location) {
    const core = this.core(at.cluster);
    const labels = {
      [BERTH_LABELS.managedBy]: 'berth',
      [SECRET_VALUES_LABEL]: 'project',
    };
    try {
      await core.createNamespace({
        body: { metadata: { name: at.namespace, labels } },
      });
      return;
    } catch (error) {
      if (kubeStatusCode(error) !== 409) {
        throw kubeError(
          `Could not create namespace '${at.namespace}' on cluster '${at.cluster}' for a project's secret values`,
          error,
        );
      }
    }
    const existing = await core.readNamespace({ name: at.namespace });
    const current = existing.metadata?.labels ?? {};
    if (
      current[BERTH_LABELS.managedBy] !== 'berth' ||
      current[SECRET_VALUES_LABEL] !== 'project'
    ) {
      throw new ConflictError(
        `Namespace '${at.namespace}' on cluster '${at.cluster}' exists and is not Berth's namespace of a project's secret values`,
      );
    }
  }

  private locate(scope: SecretScope): Location {
    if (scope.kind === 'project') {
      const cluster = this.projects.cluster ?? this.clusters.list()[0]?.name;
      if (!cluster) {
        throw new InputError(
          "No cluster is configured to keep projects' secret values (berth.values.projectSecrets.cluster)",
        );
      }
      return {
        kind: 'project',
        cluster,
        namespace: projectSecretsNamespace(
          scope.projectRef,
          this.projects.namespacePrefix,
        ),
        name: VALUES_SECRET,
      };
    }
    return {
      kind: scope.kind,
      cluster: scope.cluster,
      namespace: scope.namespace,
      name:
        scope.kind === 'record'
          ? `${VALUES_SECRET}-${scope.recordId}`
          : VALUES_SECRET,
    };
  }

  private core(cluster: string) {
    return this.clusters.kubeConfig(cluster).makeApiClient(CoreV1Api);
  }

  private failed(action: 'read' | 'write', at: Location, error: unknown) {
    return kubeError(
      `Could not ${action} the secret values (Secret '${at.name}' in namespace '${at.namespace}' on cluster '${at.cluster}')`,
      error,
    );
  }
}
