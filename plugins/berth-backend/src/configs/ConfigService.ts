import { parseEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  BERTH_LABELS,
  ENVIRONMENT_CONFIG_KINDS,
  EnvironmentConfig,
  EnvironmentConfigChangeResult,
  EnvironmentConfigKind,
} from '@berth/plugin-berth-common';
import { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { StoredEnvironment } from '../model/environment';
import {
  kubeError,
  kubeErrorMessage,
  kubeStatusCode,
  withKubeError,
} from '../kubernetes/kubeErrors';
import { ObjectApi } from '../kubernetes/ObjectApi';
import {
  checkConfigObject,
  CONFIG_API_VERSIONS,
  ConfigObject,
} from './checkConfigObject';
import { ConfigHistoryStore } from './ConfigHistoryStore';
import { findDependents, restartNamed } from './dependents';
import { changedKeys, maskSecret, secretDataOf } from './secretData';

/** Marks the objects of a namespace that are environment configs managed by Berth. */
export const CONFIG_LABEL = 'berth.dev/config';

const FIELD_MANAGER = 'berth';

type LiveObject = KubernetesObject & Record<string, unknown>;

/**
 * Environment configs (ConfigMaps, Secrets, Ingresses, PVCs) managed per
 * environment: applied by server-side apply into the environment's
 * namespace after a server-side dry-run, labelled as Berth's, with every
 * change in the history. Secret values stay in the cluster: they are read
 * and written only in memory, never stored, logged or returned.
 */
export class ConfigService {
  constructor(
    private readonly deps: {
      clusters: ClusterRegistry;
      history: ConfigHistoryStore;
    },
  ) {}

  /** The configs Berth manages in an environment, with the workloads using them. */
  async list(environment: StoredEnvironment): Promise<EnvironmentConfig[]> {
    const kc = this.kubeConfig(environment);
    const api = ObjectApi.forConfig(kc);
    const latest = await this.deps.history.latest(environment.id);
    const configs: EnvironmentConfig[] = [];
    for (const kind of ENVIRONMENT_CONFIG_KINDS) {
      const { items } = (await withKubeError(
        `Could not list the ${kind} objects of namespace '${environment.namespace}'`,
        () =>
          api.listIn(CONFIG_API_VERSIONS[kind], kind, environment.namespace, {
            labelSelector: this.selector(environment),
          }),
      )) as { items: LiveObject[] };
      for (const item of items) {
        configs.push(
          await this.present(
            kc,
            environment,
            { ...item, apiVersion: CONFIG_API_VERSIONS[kind], kind },
            latest,
          ),
        );
      }
    }
    return configs.sort(
      (a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name),
    );
  }

  /** One managed config; NotFoundError when Berth does not manage it there. */
  async get(
    environment: StoredEnvironment,
    kind: EnvironmentConfigKind,
    name: string,
  ): Promise<EnvironmentConfig> {
    const kc = this.kubeConfig(environment);
    const live = await this.readManaged(kc, environment, kind, name);
    return this.present(
      kc,
      environment,
      live,
      await this.deps.history.latest(environment.id),
    );
  }

  /** Creates a config; ConflictError when an object of that kind and name exists. */
  async create(
    environment: StoredEnvironment,
    input: { object: unknown; restartDependents?: boolean },
    actor: string,
  ): Promise<EnvironmentConfigChangeResult> {
    const kc = this.kubeConfig(environment);
    const object = checkConfigObject(input.object, environment.namespace);
    const { kind } = object;
    const { name } = object.metadata;
    if (await this.read(kc, environment, kind, name)) {
      throw new ConflictError(
        `${kind} '${name}' already exists in namespace '${environment.namespace}'; change a config of Berth's with PUT, and leave objects of others alone`,
      );
    }
    return this.applyAndRecord(kc, environment, object, undefined, {
      action: 'create',
      actor,
      restart: input.restartDependents ?? false,
    });
  }

  /** Changes a managed config (the object's kind and name must be the ones given). */
  async update(
    environment: StoredEnvironment,
    kind: EnvironmentConfigKind,
    name: string,
    input: { object: unknown; restartDependents?: boolean },
    actor: string,
  ): Promise<EnvironmentConfigChangeResult> {
    const kc = this.kubeConfig(environment);
    const object = checkConfigObject(input.object, environment.namespace);
    if (object.kind !== kind || object.metadata.name !== name) {
      throw new InputError(
        `The object is ${object.kind} '${object.metadata.name}', but the request changes ${kind} '${name}'`,
      );
    }
    const live = await this.readManaged(kc, environment, kind, name);
    return this.applyAndRecord(kc, environment, object, live, {
      action: 'update',
      actor,
      restart: input.restartDependents ?? false,
    });
  }

  /** Deletes a managed config. */
  async delete(
    environment: StoredEnvironment,
    kind: EnvironmentConfigKind,
    name: string,
    options: { restartDependents?: boolean },
    actor: string,
  ): Promise<EnvironmentConfigChangeResult> {
    const kc = this.kubeConfig(environment);
    const live = await this.readManaged(kc, environment, kind, name);
    await withKubeError(
      `Could not delete ${kind} '${name}' in namespace '${environment.namespace}'`,
      () =>
        ObjectApi.forConfig(kc).deleteInBackground({
          apiVersion: CONFIG_API_VERSIONS[kind],
          kind,
          metadata: { name, namespace: environment.namespace },
        }),
    );
    const before = dataOf(live);
    const change = await this.deps.history.record({
      environmentId: environment.id,
      kind,
      name,
      action: 'delete',
      actor,
      keys: before ? [] : undefined,
      changedKeys: before ? Object.keys(before).sort() : undefined,
    });
    const restarted = await this.restartIfAsked(
      kc,
      environment,
      kind,
      name,
      options.restartDependents ?? false,
      change.id,
    );
    return { change: { ...change, restarted }, restarted };
  }

  history(
    environment: StoredEnvironment,
    filter: { kind?: EnvironmentConfigKind; name?: string },
  ) {
    return this.deps.history.list(environment.id, filter);
  }

  private async applyAndRecord(
    kc: KubeConfig,
    environment: StoredEnvironment,
    checked: ConfigObject,
    live: LiveObject | undefined,
    options: {
      action: 'create' | 'update';
      actor: string;
      restart: boolean;
    },
  ): Promise<EnvironmentConfigChangeResult> {
    const { kind } = checked;
    const { name } = checked.metadata;
    const object: ConfigObject = {
      ...checked,
      metadata: {
        ...checked.metadata,
        labels: { ...checked.metadata.labels, ...this.labels(environment) },
      },
    };
    const before = live ? dataOf(live) : undefined;
    if (kind === 'Secret') {
      delete object.stringData;
      object.data = secretDataOf(checked, before);
    }
    await this.apply(kc, object, true);
    const applied = await this.apply(kc, object, false);
    const after = dataOf(applied);
    const change = await this.deps.history.record({
      environmentId: environment.id,
      kind,
      name,
      action: options.action,
      actor: options.actor,
      // The content of everything but a Secret, as applied.
      content: kind === 'Secret' ? undefined : stringify(object),
      keys: after ? Object.keys(after).sort() : undefined,
      changedKeys: after ? changedKeys(before, after) : undefined,
    });
    const restarted = await this.restartIfAsked(
      kc,
      environment,
      kind,
      name,
      options.restart,
      change.id,
    );
    const config = await this.present(
      kc,
      environment,
      applied,
      new Map([[`${kind}/${name}`, change]]),
    );
    return { config, change: { ...change, restarted }, restarted };
  }

  private async restartIfAsked(
    kc: KubeConfig,
    environment: StoredEnvironment,
    kind: EnvironmentConfigKind,
    name: string,
    restart: boolean,
    changeId: string,
  ): Promise<string[]> {
    if (!restart) return [];
    const dependents = await findDependents(
      kc,
      environment.namespace,
      kind,
      name,
    );
    await restartNamed(kc, environment.namespace, dependents);
    await this.deps.history.setRestarted(changeId, dependents);
    return dependents;
  }

  /** Server-side apply (or its dry-run); the API server's refusal becomes a 400 quoting it. */
  private async apply(
    kc: KubeConfig,
    object: ConfigObject,
    dryRun: boolean,
  ): Promise<LiveObject> {
    try {
      const applied = (await ObjectApi.forConfig(kc).serverSideApply(
        object as KubernetesObject,
        { fieldManager: FIELD_MANAGER, dryRun },
      )) as LiveObject;
      return { ...applied, apiVersion: object.apiVersion, kind: object.kind };
    } catch (error) {
      const wrapped = kubeError(
        `The API server refused ${object.kind} '${object.metadata.name}'${
          dryRun ? ' (dry-run, nothing changed)' : ''
        }`,
        error,
      );
      // An invalid object is bad input: 400 or 422 from the API server, or
      // the 500 server-side apply answers when a field has the wrong type.
      const badTypes =
        kubeStatusCode(error) === 500 &&
        /failed to create typed patch object/.test(kubeErrorMessage(error));
      throw wrapped instanceof InputError || badTypes
        ? new InputError(wrapped.message)
        : wrapped;
    }
  }

  private async read(
    kc: KubeConfig,
    environment: StoredEnvironment,
    kind: EnvironmentConfigKind,
    name: string,
  ): Promise<LiveObject | undefined> {
    try {
      const live = (await ObjectApi.forConfig(kc).read({
        apiVersion: CONFIG_API_VERSIONS[kind],
        kind,
        metadata: { name, namespace: environment.namespace },
      })) as LiveObject;
      return { ...live, apiVersion: CONFIG_API_VERSIONS[kind], kind };
    } catch (error) {
      if (kubeStatusCode(error) === 404) return undefined;
      throw kubeError(
        `Could not read ${kind} '${name}' in namespace '${environment.namespace}'`,
        error,
      );
    }
  }

  private async readManaged(
    kc: KubeConfig,
    environment: StoredEnvironment,
    kind: EnvironmentConfigKind,
    name: string,
  ): Promise<LiveObject> {
    const live = await this.read(kc, environment, kind, name);
    const labels = live?.metadata?.labels ?? {};
    if (
      !live ||
      labels[CONFIG_LABEL] !== 'true' ||
      labels[BERTH_LABELS.environment] !== environment.id
    ) {
      throw new NotFoundError(
        `Environment '${environment.name}' has no config ${kind} '${name}' managed by Berth`,
      );
    }
    return live;
  }

  private async present(
    kc: KubeConfig,
    environment: StoredEnvironment,
    live: LiveObject,
    latest: Map<string, { version: number; actor: string; changedAt: string }>,
  ): Promise<EnvironmentConfig> {
    const kind = live.kind as EnvironmentConfigKind;
    const name = live.metadata!.name!;
    const { managedFields: _managedFields, ...metadata } =
      live.metadata as Record<string, unknown>;
    const { status: _status, ...rest } = live;
    const cleaned = { ...rest, metadata };
    const object = kind === 'Secret' ? maskSecret(cleaned) : cleaned;
    const data = dataOf(live);
    const change = latest.get(`${kind}/${name}`);
    return {
      kind,
      name,
      object,
      masked: kind === 'Secret',
      keys: data ? Object.keys(data).sort() : undefined,
      version: change?.version,
      usedBy: await findDependents(kc, environment.namespace, kind, name),
      updatedBy: change?.actor,
      updatedAt: change?.changedAt,
    };
  }

  private labels(environment: StoredEnvironment): Record<string, string> {
    return {
      [BERTH_LABELS.managedBy]: 'berth',
      [BERTH_LABELS.project]: parseEntityRef(environment.projectRef).name,
      [BERTH_LABELS.environment]: environment.id,
      [CONFIG_LABEL]: 'true',
    };
  }

  private selector(environment: StoredEnvironment): string {
    return `${CONFIG_LABEL}=true,${BERTH_LABELS.environment}=${environment.id}`;
  }

  private kubeConfig(environment: StoredEnvironment): KubeConfig {
    return this.deps.clusters.kubeConfig(environment.cluster);
  }
}

/** The data of a ConfigMap (data and binaryData) or Secret; undefined for other kinds. */
function dataOf(
  object: Record<string, unknown>,
): Record<string, string> | undefined {
  if (object.kind === 'Secret') {
    return { ...((object.data as Record<string, string>) ?? {}) };
  }
  if (object.kind === 'ConfigMap') {
    return {
      ...((object.data as Record<string, string>) ?? {}),
      ...((object.binaryData as Record<string, string>) ?? {}),
    };
  }
  return undefined;
}
