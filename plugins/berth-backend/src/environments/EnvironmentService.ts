import { LoggerService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { ConflictError, InputError } from '@backstage/errors';
import {
  BERTH_LABELS,
  BerthProject,
  CreateEnvironmentRequest,
  EnvironmentServiceSettings,
  isEnvironmentTier,
} from '@berth/plugin-berth-common';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import {
  DeployOrchestrator,
  DeployOutcome,
} from '../deployments/DeployOrchestrator';
import { Deployer, WorkloadControl } from '../deployments/Deployer';
import { DeployerIdentities } from '../deployments/DeployerIdentities';
import { resolveDeployment } from '../deployments/resolveDeployment';
import { ChartSources } from '../deployments/chartSources';
import {
  serviceLabels,
  environmentServiceSelector,
} from '../deployments/labels';
import { NamespaceManager } from './NamespaceManager';
import { pinRevisions } from './pinRevisions';
import { assertAwake } from '../model/assertAwake';
import {
  assertDnsLabel,
  assertUsableNamespace,
  defaultNamespace,
} from '../names';
import { ProjectService } from '../projects/ProjectService';
import { ServiceStore } from '../services/ServiceStore';
import { parseValuesYaml } from '../values';
import {
  environmentScope,
  SecretScope,
  secretRefIds,
  SecretValues,
  SecretWrites,
} from '../secretValues';
import {
  EnvironmentStore,
  NewEnvironment,
  StoredEnvironment,
} from '../database/EnvironmentStore';

/** An environment about to be created, checked and complete. */
export type EnvironmentPlan = Omit<
  NewEnvironment,
  'createdBy' | 'namespaceCreated'
> & {
  adoptNamespace: boolean;
  deploy: boolean;
  /** The secret values to store for it (kept out of its row). */
  secretWrites?: SecretWrites;
};

/**
 * Creates, deploys, changes and deletes environments. Bad input is refused
 * before anything is written, with a message that says what and where.
 */
export class EnvironmentService {
  constructor(
    private readonly deps: {
      environments: EnvironmentStore;
      services: ServiceStore;
      projects: ProjectService;
      clusters: ClusterRegistry;
      namespaces: NamespaceManager;
      orchestrator: DeployOrchestrator;
      deployer: Deployer;
      workloads: WorkloadControl;
      logger: LoggerService;
      /** Where the services' charts come from. */
      charts: ChartSources;
      /** Seals secret values before they are stored; see SecretValues. */
      secrets?: SecretValues;
      /** Ensures each namespace's deployer identity when the namespace is ensured. */
      deployerIdentities?: Pick<DeployerIdentities, 'ensure' | 'forget'>;
    },
  ) {}

  /**
   * Environment-wide values with their secret values replaced by
   * references; the values go to `writes` (for a preview: nowhere).
   */
  sealValues(
    values: string,
    source: string,
    current?: string,
    writes: SecretWrites = new SecretWrites(),
  ): string {
    return this.deps.secrets
      ? this.deps.secrets.sealYaml(values, { source, current, writes })
      : values;
  }

  /**
   * One service's settings with secret values (values, `--set`, the values
   * of the manifests variables named in `secretVariables`) sealed.
   */
  sealServiceSettings(
    name: string,
    setting: EnvironmentServiceSettings,
    current: EnvironmentServiceSettings | undefined,
    secretVariables: readonly string[] = [],
    writes: SecretWrites = new SecretWrites(),
  ): EnvironmentServiceSettings {
    const { secrets } = this.deps;
    if (!secrets) return setting;
    return {
      ...setting,
      ...(setting.variables !== undefined && {
        variables: secrets.sealVariables(setting.variables, secretVariables, {
          source: `variables of service '${name}'`,
          current: current?.variables,
          writes,
        }),
      }),
      ...(setting.values !== undefined && {
        values: secrets.sealYaml(setting.values, {
          source: `override values of service '${name}'`,
          current: current?.values,
          writes,
        }),
      }),
      ...(setting.set !== undefined && {
        set: secrets.sealSet(setting.set, {
          source: `set values of service '${name}'`,
          current: current?.set,
          writes,
        }),
      }),
    };
  }

  /**
   * Checks one request to create environments and completes it (default
   * namespace; every service's revision pinned, at the latest unless the
   * request names one). Nothing is written.
   */
  async plan(
    project: BerthProject,
    requests: CreateEnvironmentRequest[],
    options: {
      /** A copy: the source's secret values are taken over. */
      copyOf?: StoredEnvironment;
    } = {},
  ): Promise<EnvironmentPlan[]> {
    const inherited = options.copyOf
      ? await this.storedSecretValues(options.copyOf)
      : {};
    if (!Array.isArray(requests) || requests.length === 0) {
      throw new InputError('Give at least one environment to create');
    }
    const plans: EnvironmentPlan[] = [];
    const names = new Set<string>();
    const namespaces = new Set<string>();
    for (const request of requests) {
      assertDnsLabel(request.name, 'environment name');
      if (names.has(request.name)) {
        throw new InputError(`Environment '${request.name}' is given twice`);
      }
      names.add(request.name);
      if (!isEnvironmentTier(request.tier)) {
        throw new InputError(
          `Environment '${request.name}': tier must be one of development, testing, staging, production`,
        );
      }
      const cluster = this.deps.clusters.get(request.cluster);
      if (request.tier === 'production' && !cluster.allowProduction) {
        throw new InputError(
          `Cluster '${cluster.name}' does not take production environments (berth.clusters.${cluster.name}.allowProduction)`,
        );
      }
      const namespace =
        request.namespace ?? defaultNamespace(project.name, request.name);
      assertDnsLabel(namespace, 'namespace');
      assertUsableNamespace(namespace);
      const key = `${cluster.name}/${namespace}`;
      if (namespaces.has(key)) {
        throw new InputError(
          `Namespace '${namespace}' on '${cluster.name}' is given twice`,
        );
      }
      namespaces.add(key);
      const secretWrites = new SecretWrites(inherited);
      const values = this.sealValues(
        request.values ?? '',
        `values of environment '${request.name}'`,
        undefined,
        secretWrites,
      );
      const services = pinRevisions(
        project,
        await this.checkServiceSettings(
          project,
          request.services ?? {},
          {},
          secretWrites,
        ),
      );
      plans.push({
        projectRef: project.ref,
        name: request.name,
        cluster: cluster.name,
        namespace,
        tier: request.tier,
        values,
        services,
        adoptNamespace: request.adoptNamespace ?? false,
        deploy: request.deploy ?? true,
        secretWrites,
      });
    }
    await Promise.all(plans.map(plan => this.checkNotTaken(plan)));
    return plans;
  }

  /**
   * Creates planned environments: the row, then the namespace (removing the
   * row again when the namespace cannot be had).
   */
  async create(
    plans: EnvironmentPlan[],
    actor: string,
  ): Promise<StoredEnvironment[]> {
    const created: StoredEnvironment[] = [];
    for (const plan of plans) {
      const environment = await this.register(plan, actor);
      try {
        created.push(
          await this.ensureNamespace(environment, {
            adopt: plan.adoptNamespace,
          }),
        );
      } catch (error) {
        await this.deps.environments.delete(environment.id);
        throw error;
      }
    }
    return created;
  }

  /**
   * Stores a planned environment's row (in `tx` when given); no namespace
   * yet. Its secret values wait in the project's Secret until
   * {@link ensureNamespace} moves them into the environment's namespace.
   */
  async register(
    plan: EnvironmentPlan,
    actor: string,
    tx?: Knex.Transaction,
  ): Promise<StoredEnvironment> {
    const {
      adoptNamespace: _adopt,
      deploy: _deploy,
      secretWrites,
      ...row
    } = plan;
    if (secretWrites) {
      await this.deps.secrets?.save(
        { kind: 'project', projectRef: plan.projectRef },
        secretWrites,
      );
    }
    return this.deps.environments.create({ ...row, createdBy: actor }, tx);
  }

  /** The secret values an environment's values and settings refer to, by id. */
  private async storedSecretValues(
    environment: StoredEnvironment,
  ): Promise<Record<string, unknown>> {
    const store = this.deps.secrets?.store;
    const ids = secretRefIds([environment.values, environment.services]);
    if (!store || ids.length === 0) return {};
    return store.get(
      [
        environmentScope(environment),
        { kind: 'project', projectRef: environment.projectRef },
      ],
      ids,
    );
  }

  /**
   * Moves the secret values of a new environment from the project's Secret
   * (where they wait until the namespace exists) into the environment's.
   * Safe to repeat.
   */
  private async moveStagedSecretValues(environment: StoredEnvironment) {
    const store = this.deps.secrets?.store;
    const ids = secretRefIds([environment.values, environment.services]);
    if (!store || ids.length === 0) return;
    const staged: SecretScope = {
      kind: 'project',
      projectRef: environment.projectRef,
    };
    const values = await store.get([staged], ids);
    await store.put(environmentScope(environment), values);
    await store.remove(staged, Object.keys(values));
  }

  /**
   * Makes (or adopts) the environment's namespace, labelled with the
   * environment, and records whether Berth created it. Safe to repeat: a
   * namespace already labelled with this environment is kept, and counted as
   * created by Berth unless adoption was asked for.
   */
  async ensureNamespace(
    environment: StoredEnvironment,
    options: { adopt: boolean },
  ): Promise<StoredEnvironment> {
    const { created } = await this.deps.namespaces.ensure(
      environment.cluster,
      environment.namespace,
      {
        labels: {
          [BERTH_LABELS.managedBy]: 'berth',
          [BERTH_LABELS.environment]: environment.id,
        },
        adopt: options.adopt,
      },
    );
    await this.deps.deployerIdentities?.ensure(
      environment.cluster,
      environment.namespace,
    );
    await this.moveStagedSecretValues(environment);
    // Without adoption, an existing namespace is accepted only when it
    // carries this environment's label: an earlier attempt created it.
    if ((created || !options.adopt) && !environment.namespaceCreated) {
      return this.deps.environments.markNamespaceCreated(environment.id);
    }
    return environment;
  }

  /** Checks that every service of the project resolves in the environment. */
  async checkDeployable(project: BerthProject, environment: StoredEnvironment) {
    assertAwake(environment);
    for (const service of project.services) {
      const settings = environment.services[service.name] ?? {};
      const revision = await this.deps.services.getRevision(
        project.ref,
        service.name,
        settings.revision ?? service.latestRevision,
      );
      await resolveDeployment({
        project,
        environment,
        componentRef: service.componentRef,
        revision,
        settings,
        // Values and schemas are checked; repository charts are fetched by
        // the deploy itself, not for a check.
        charts: {
          path: this.deps.charts.path,
          archives: this.deps.charts.archives,
        },
      });
    }
  }

  deploy(
    project: BerthProject,
    environment: StoredEnvironment,
    actor: string,
  ): Promise<DeployOutcome> {
    assertAwake(environment);
    return this.deps.orchestrator.deployEnvironment({
      project,
      environment,
      actor,
    });
  }

  /** Deploys one service with the environment's settings for it. */
  async deployOne(
    project: BerthProject,
    environment: StoredEnvironment,
    service: string,
    actor: string,
  ): Promise<DeployOutcome> {
    assertAwake(environment);
    const { record, error } = await this.deps.orchestrator.deployService({
      project,
      environment,
      service,
      actor,
    });
    return { records: [record], failed: Boolean(error), message: error };
  }

  /** Sets the environment-wide values; the caller redeploys. */
  async setValues(environment: StoredEnvironment, values: string) {
    const writes = new SecretWrites();
    const sealed = this.sealValues(
      values,
      `values of environment '${environment.name}'`,
      environment.values,
      writes,
    );
    await this.deps.secrets?.save(environmentScope(environment), writes);
    return this.deps.environments.update(environment.id, { values: sealed });
  }

  async restart(
    project: BerthProject,
    environment: StoredEnvironment,
    service: string,
  ) {
    this.serviceOf(project, service);
    await this.deps.workloads.restart(
      environment.cluster,
      environment.namespace,
      environmentServiceSelector(environment.id, service),
    );
  }

  async scale(
    project: BerthProject,
    environment: StoredEnvironment,
    service: string,
    replicas: number,
  ) {
    assertAwake(environment);
    this.serviceOf(project, service);
    await this.deps.workloads.scale(
      environment.cluster,
      environment.namespace,
      environmentServiceSelector(environment.id, service),
      replicas,
    );
  }

  private serviceOf(project: BerthProject, name: string) {
    const service = project.services.find(s => s.name === name);
    if (!service) {
      throw new InputError(
        `Project '${project.name}' has no service named '${name}'`,
      );
    }
    return service;
  }

  /**
   * Records new settings for one service (revision, values, images, set,
   * variables) and returns the updated environment; the caller deploys.
   */
  async updateService(
    project: BerthProject,
    environment: StoredEnvironment,
    service: string,
    settings: EnvironmentServiceSettings,
  ): Promise<StoredEnvironment> {
    assertAwake(environment);
    this.serviceOf(project, service);
    const writes = new SecretWrites();
    const checked = await this.checkServiceSettings(
      project,
      { [service]: settings },
      environment.services,
      writes,
    );
    const merged = {
      ...environment.services,
      [service]: { ...environment.services[service], ...checked[service] },
    };
    const updated = { ...environment, services: merged };
    await this.checkDeployable(
      {
        ...project,
        services: project.services.filter(s => s.name === service),
      },
      updated,
    );
    await this.deps.secrets?.save(environmentScope(environment), writes);
    return this.deps.environments.update(environment.id, { services: merged });
  }

  /**
   * Deletes an environment. Without `keepResources`, every service is removed
   * and the namespace too when Berth created it.
   */
  async delete(
    project: BerthProject,
    environment: StoredEnvironment,
    options: { keepResources: boolean },
  ): Promise<void> {
    if (!options.keepResources) {
      await Promise.all(
        project.services.map(service =>
          this.removeService(project, environment, service.name),
        ),
      );
      await this.deleteNamespace(environment);
    }
    await this.forget(environment);
  }

  /** Removes what one service deployed into the environment. */
  async removeService(
    project: BerthProject,
    environment: StoredEnvironment,
    name: string,
  ): Promise<void> {
    const service = this.serviceOf(project, name);
    await this.deps.deployer.remove({
      cluster: environment.cluster,
      namespace: environment.namespace,
      service: service.name,
      release: service.name,
      kind: service.kind,
      selector: environmentServiceSelector(environment.id, service.name),
      labels: serviceLabels({
        projectName: project.name,
        environmentId: environment.id,
        service: service.name,
        componentRef: service.componentRef,
      }),
    });
  }

  /** Deletes the namespace when Berth created it; false when it kept it. */
  async deleteNamespace(environment: StoredEnvironment): Promise<boolean> {
    if (!environment.namespaceCreated) return false;
    await this.deps.namespaces.delete(
      environment.cluster,
      environment.namespace,
    );
    this.deps.deployerIdentities?.forget(
      environment.cluster,
      environment.namespace,
    );
    return true;
  }

  /**
   * Removes the environment and its deployment records from Berth's
   * database, and its secret values from the namespace when it stays.
   */
  async forget(environment: StoredEnvironment): Promise<void> {
    await this.deps.secrets?.store
      ?.removeNamespace(environment.cluster, environment.namespace)
      .catch(error =>
        this.deps.logger.warn(
          `Could not remove the secret values of environment ${environment.name} (${environment.id}) from namespace ${environment.namespace} on ${environment.cluster}: ${error}`,
        ),
      );
    await this.deps.environments.delete(environment.id);
  }

  private async checkServiceSettings(
    project: BerthProject,
    given: Record<string, EnvironmentServiceSettings>,
    current: Record<string, EnvironmentServiceSettings>,
    writes: SecretWrites,
  ): Promise<Record<string, EnvironmentServiceSettings>> {
    const known = new Map(project.services.map(s => [s.name, s]));
    const settings: Record<string, EnvironmentServiceSettings> = {};
    for (const [name, setting] of Object.entries(given)) {
      const service = known.get(name);
      if (!service) {
        throw new InputError(
          `Project '${project.name}' has no service named '${name}'`,
        );
      }
      if (setting.revision !== undefined) {
        if (!Number.isInteger(setting.revision) || setting.revision < 1) {
          throw new InputError(
            `Service '${name}': revision must be a positive whole number`,
          );
        }
        await this.deps.services.getRevision(
          project.ref,
          name,
          setting.revision,
        );
      }
      parseValuesYaml(setting.values ?? '', {
        source: `override values of service '${name}'`,
      });
      settings[name] = this.sealServiceSettings(
        name,
        setting,
        current[name],
        setting.variables
          ? await this.secretVariables(
              project.ref,
              name,
              setting.revision ??
                current[name]?.revision ??
                service.latestRevision,
            )
          : [],
        writes,
      );
    }
    return settings;
  }

  /** The names of the `secret` variables of a manifests service's revision. */
  private async secretVariables(
    projectRef: string,
    service: string,
    revision: number,
  ): Promise<string[]> {
    const { spec } = await this.deps.services.getRevision(
      projectRef,
      service,
      revision,
    );
    return spec.kind === 'manifests'
      ? spec.variables.filter(v => v.type === 'secret').map(v => v.name)
      : [];
  }

  private async checkNotTaken(plan: EnvironmentPlan): Promise<void> {
    const inProject = await this.deps.environments.list({
      projectRef: plan.projectRef,
    });
    if (inProject.some(e => e.name === plan.name)) {
      throw new ConflictError(
        `Project '${plan.projectRef}' already has an environment named '${plan.name}'`,
      );
    }
    const onCluster = await this.deps.environments.list({
      cluster: plan.cluster,
    });
    const sameNamespace = onCluster.find(e => e.namespace === plan.namespace);
    if (sameNamespace) {
      throw new ConflictError(
        `Namespace '${plan.namespace}' on cluster '${plan.cluster}' is already used by environment '${sameNamespace.name}'`,
      );
    }
    await this.deps.namespaces.checkUsable(plan.cluster, plan.namespace, {
      adopt: plan.adoptNamespace,
    });
  }
}
