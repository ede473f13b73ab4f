import {
  AvailableRevision,
  ApplyEnvironmentConfigRequest,
  BerthRegistry,
  CopyEnvironmentRequest,
  CopyEnvironmentResponse,
  DeploymentDiff,
  EnvironmentConfig,
  EnvironmentConfigChange,
  EnvironmentConfigChangeResult,
  EnvironmentDrift,
  EnvironmentRegistry,
  EnvironmentSleep,
  ImageCheck,
  RollbackResult,
  ServiceDrift,
  SetSleepScheduleRequest,
  SleepSchedule,
  ValuesChangePreview,
  ValuesChangeResult,
  BERTH_STATUS_SIGNAL_CHANNEL,
  EnvironmentStatusSignal,
  BerthApi,
  BerthCluster,
  BerthEnvironment,
  BerthHealth,
  BerthOperation,
  BerthProject,
  ComponentDeployment,
  CreatedEnvironments,
  ChartImportRequest,
  ChartImportResult,
  ChartImportSource,
  ChartInfo,
  ChartListing,
  ChartVersionsAvailable,
  CreateEnvironmentRequest,
  DeploymentRecord,
  EnvironmentServiceSettings,
  EnvironmentStatus,
  EventSummary,
  GitChartDirectory,
  HelmRegistrySummary,
  HelmRepositorySummary,
  isEnvironmentTier,
  OperationKind,
  OperationStarted,
  OperationStatus,
  PodSummary,
  ProjectRef,
  ProposedServiceSettings,
  ReleaseMatrix,
  SandboxesApi,
  ServicePreview,
  ServiceRevision,
  ServiceSpec,
  ServiceStatus,
  ValuesSyncResult,
  WorkloadStatus,
  ImageRule,
} from '@berth/plugin-berth-common';
import { FakeSignalApi } from './signals/fakeSignalApi';
import { FakeHelmBackend, FakeHelmData } from './helm/FakeHelmBackend';
import {
  deploySteps,
  FakeOperationsBackend,
  plainSteps,
} from './operations/FakeOperationsBackend';
import {
  emptyLifecycleData,
  FakeLifecycleBackend,
  FakeLifecycleData,
} from './environments/FakeLifecycleBackend';
import { httpError } from './fakeHost';
import {
  emptySandboxesData,
  FakeSandboxesBackend,
  FakeSandboxesData,
} from './sandboxes/FakeSandboxesBackend';
import { dnsLabelProblem, namespaceProblem } from './backendRules';

/** What the fake Berth backend holds. */
export interface FakeBerthData {
  clusters: BerthCluster[];
  projects: BerthProject[];
  environments: BerthEnvironment[];
  statuses: EnvironmentStatus[];
  deployments: DeploymentRecord[];
  /** Pods by environment id. */
  pods: Record<string, PodSummary[]>;
  /** Events by environment id. */
  events: Record<string, EventSummary[]>;
  /** Logs by `<environment id>/<pod>`; pods without an entry have no logs yet. */
  logs: Record<string, string>;
  /** Chart repositories, charts, service revisions and previews (Helm import). */
  helm?: FakeHelmData;
  /** Sleep, schedules, configs, snapshots, drift, registries (issue #6). */
  lifecycle?: Partial<FakeLifecycleData>;
  /** Operations (issue #10), with their steps and events. */
  operations?: BerthOperation[];
  /** Sandboxes (issue #15); without it, none, every base ready. */
  sandboxes?: Partial<FakeSandboxesData>;
}

export interface FakeBerthOptions {
  /** Fails every call with this error, as when the backend cannot be reached. */
  error?: Error;
  /** Receives the status changes the fake makes, as the backend's signals would. */
  signals?: FakeSignalApi;
  /** Who the caller is, for createdBy and deployment records. */
  actor?: string;
  /** Permissions (by name) the backend denies the caller with a 403 (issue #6 routes). */
  denied?: string[];
}

const STATUS_ORDER: WorkloadStatus[] = [
  'Error',
  'Disconnected',
  'Deploying',
  'Unstable',
  'Running',
  'Sleeping',
  'NotDeployed',
];

function projectRefString(ref: ProjectRef, kind = 'system'): string {
  return `${kind}:${ref.namespace}/${ref.name}`.toLowerCase();
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

/**
 * An in-memory Berth backend: it keeps projects, environments, their status,
 * deployments, pods, events and logs, validates requests the way the backend
 * does (answering 4xx ResponseErrors with the server's message) and publishes
 * every status change to an optional fake SignalApi.
 */
export class FakeBerthApi implements BerthApi, SandboxesApi {
  readonly data: FakeBerthData;
  private readonly options: FakeBerthOptions;
  private clock = Date.parse('2026-01-10T12:00:00Z');
  private sequence = 0;

  /** The Helm import part, on the same data. */
  readonly helm: FakeHelmBackend;

  /** The environment lifecycle part (issue #6), on the same data. */
  readonly lifecycle: FakeLifecycleBackend;

  /** The operations engine (issue #10), on the same data. */
  readonly operations: FakeOperationsBackend;

  /** The sandboxes (issue #15), on the same data. */
  readonly sandboxes: FakeSandboxesBackend;

  constructor(data: FakeBerthData, options: FakeBerthOptions = {}) {
    this.data = clone(data);
    this.options = options;
    this.operations = new FakeOperationsBackend((this.data.operations ??= []), {
      environment: id => this.environment(id),
      project: ref => this.project(ref),
      now: () => this.now(),
      actor: () => this.actor,
      denied: permission => (this.options.denied ?? []).includes(permission),
      httpError,
      signals: options.signals,
    });
    this.lifecycle = new FakeLifecycleBackend(
      (this.data.lifecycle = {
        ...emptyLifecycleData(),
        ...this.data.lifecycle,
      }) as FakeLifecycleData,
      {
        environment: id => this.environment(id),
        project: ref => this.project(ref),
        environments: () => this.data.environments,
        deployments: () => this.data.deployments,
        status: id => this.status(id),
        publish: status => this.publish(status),
        deploy: (environment, service) =>
          this.startDeploy(environment, service),
        startOperation: request => this.operations.start(request),
        deploySteps: async (environment, services) =>
          deploySteps(await this.project(environment.projectRef), services),
        create: async (project, request, kind, title) => {
          const [namespace, name] = project.ref.split(':')[1].split('/');
          const created = await this.create(
            { namespace, name },
            [{ ...request, cluster: request.cluster!, tier: request.tier! }],
            kind,
            title,
          );
          return {
            environment: created.items[0],
            operation: created.operations[0],
          };
        },
        now: () => this.now(),
        actor: () => this.actor,
        denied: permission => (this.options.denied ?? []).includes(permission),
        httpError,
      },
    );
    this.sandboxes = new FakeSandboxesBackend(
      (this.data.sandboxes = {
        ...emptySandboxesData(),
        ...this.data.sandboxes,
      }) as FakeSandboxesData,
      {
        environment: id => this.environment(id),
        actor: () => this.actor,
        now: () => this.now(),
        denied: permission => (this.options.denied ?? []).includes(permission),
        check: () => this.check(),
        startOperation: request => this.operations.start(request),
        httpError,
      },
    );
    this.helm = new FakeHelmBackend(
      (this.data.helm ??= {
        repositories: [],
        registries: [],
        listings: {},
        gitTrees: {},
        charts: [],
        uploads: {},
        revisions: {},
        valuesFiles: {},
        previews: {},
      }),
      {
        project: ref => this.project(ref),
        httpError,
        actor: () => this.actor,
      },
    );
  }

  listEnvironmentSandboxes: SandboxesApi['listEnvironmentSandboxes'] = (...a) =>
    this.sandboxes.listEnvironmentSandboxes(...a);
  createSandbox: SandboxesApi['createSandbox'] = (...a) =>
    this.sandboxes.createSandbox(...a);
  getSandboxReadiness: SandboxesApi['getSandboxReadiness'] = (...a) =>
    this.sandboxes.getSandboxReadiness(...a);
  explainRoute: SandboxesApi['explainRoute'] = (...a) =>
    this.sandboxes.explainRoute(...a);
  listSandboxes: SandboxesApi['listSandboxes'] = (...a) =>
    this.sandboxes.listSandboxes(...a);
  getSandbox: SandboxesApi['getSandbox'] = (...a) =>
    this.sandboxes.getSandbox(...a);
  updateSandbox: SandboxesApi['updateSandbox'] = (...a) =>
    this.sandboxes.updateSandbox(...a);
  deleteSandbox: SandboxesApi['deleteSandbox'] = (...a) =>
    this.sandboxes.deleteSandbox(...a);
  getSandboxTraffic: SandboxesApi['getSandboxTraffic'] = (...a) =>
    this.sandboxes.getSandboxTraffic(...a);

  async getHealth(): Promise<BerthHealth> {
    this.check();
    return {
      status: this.data.clusters.every(c => c.connection !== 'Disconnected')
        ? 'ok'
        : 'degraded',
      database: {
        status: 'ok',
        client: 'better-sqlite3',
        environments: this.data.environments.length,
      },
      clusters: clone(this.data.clusters),
    };
  }

  async listClusters(): Promise<BerthCluster[]> {
    this.check();
    return clone(this.data.clusters);
  }

  async listProjects(): Promise<BerthProject[]> {
    this.check();
    return clone(this.data.projects);
  }

  async getProject(project: ProjectRef): Promise<BerthProject> {
    this.check();
    return clone(await this.project(projectRefString(project)));
  }

  async setProjectImageRules(
    project: ProjectRef,
    rules: ImageRule[],
  ): Promise<BerthProject> {
    this.check();
    const found = await this.project(projectRefString(project));
    if (rules.length > 0) found.imageRules = clone(rules);
    else delete found.imageRules;
    return clone(found);
  }

  async listEnvironments(project: ProjectRef): Promise<BerthEnvironment[]> {
    this.check();
    // As the backend: a project it does not know has no environments (200).
    const ref = projectRefString(project);
    return clone(
      this.data.environments
        .filter(e => e.projectRef.toLowerCase() === ref)
        .map(e => this.withAvailableRevisions(e)),
    );
  }

  async createEnvironments(
    projectRef: ProjectRef,
    requests: CreateEnvironmentRequest[],
  ): Promise<CreatedEnvironments> {
    this.check();
    return this.create(projectRef, requests, 'create', (e, deploy) =>
      deploy ? `Create and deploy ${e.name}` : `Create ${e.name}`,
    );
  }

  private async create(
    projectRef: ProjectRef,
    requests: CreateEnvironmentRequest[],
    kind: OperationKind,
    title: (environment: BerthEnvironment, deploy: boolean) => string,
  ): Promise<CreatedEnvironments> {
    const project = await this.project(projectRefString(projectRef));
    if (requests.length === 0) {
      throw await httpError(
        400,
        'InputError',
        'Invalid request body: environments: must NOT have fewer than 1 items',
      );
    }
    for (const [index, request] of requests.entries()) {
      if (!isEnvironmentTier(request.tier)) {
        throw await httpError(
          400,
          'InputError',
          `Invalid request body: environments.${index}.tier: must be equal to one of the allowed values: development, testing, staging, production`,
        );
      }
    }
    const taken = new Set(
      this.data.environments
        .filter(e => e.projectRef === project.ref)
        .map(e => e.name),
    );
    const namespaces = new Map(
      this.data.environments.map(e => [`${e.cluster}/${e.namespace}`, e]),
    );
    const planned: BerthEnvironment[] = [];
    for (const request of requests) {
      await this.validateCreate(project, request, taken, namespaces);
      const namespace =
        request.namespace ?? `${project.name.toLowerCase()}-${request.name}`;
      const now = this.now();
      const environment: BerthEnvironment = {
        id: `env-${project.name}-${request.name}`,
        projectRef: project.ref,
        name: request.name,
        cluster: request.cluster,
        namespace,
        tier: request.tier,
        values: request.values ?? '',
        services: Object.fromEntries(
          project.services.map(s => [
            s.name,
            { revision: s.latestRevision, ...request.services?.[s.name] },
          ]),
        ),
        // As the backend: the namespace is made by the create operation.
        namespaceCreated: false,
        createdBy: this.actor,
        createdAt: now,
        updatedAt: now,
      };
      taken.add(request.name);
      namespaces.set(`${request.cluster}/${namespace}`, environment);
      planned.push(environment);
    }
    const operations: BerthOperation[] = [];
    const answered = clone(planned);
    for (const [index, environment] of planned.entries()) {
      this.data.environments.push(environment);
      const adopt = requests[index].adoptNamespace;
      const deploy = requests[index].deploy !== false;
      this.publish({
        environmentId: environment.id,
        status: deploy ? 'Deploying' : 'NotDeployed',
        services: project.services.map(s => ({
          service: s.name,
          status: deploy ? 'Deploying' : 'NotDeployed',
          revision: deploy ? environment.services[s.name].revision : undefined,
          images: deploy ? imagesOf(environment.services[s.name]) : [],
          readyReplicas: 0,
          replicas: deploy ? 1 : 0,
        })),
        updatedAt: this.now(),
      });
      if (deploy) {
        for (const s of project.services) {
          this.record(environment, s.name);
        }
      }
      // Every environment created has an operation: its namespace, and its
      // first deploy when asked for.
      operations.push(
        await this.operations.start({
          kind,
          environment,
          title: title(environment, deploy),
          begin: () => {
            environment.namespaceCreated = !adopt;
          },
          summary: deploy
            ? `Created. ${deploySummary(
                project,
                project.services.map(s => s.name),
              )}`
            : 'Created (not deployed)',
          steps: [
            ...plainSteps(['namespace', 'Namespace']),
            ...(deploy
              ? deploySteps(
                  project,
                  project.services.map(s => s.name),
                )
              : []),
          ],
        }),
      );
    }
    return { items: answered, operations };
  }

  async getEnvironment(id: string): Promise<BerthEnvironment> {
    this.check();
    return clone(this.withAvailableRevisions(await this.environment(id)));
  }

  /**
   * As the backend: moves the pin (default the latest revision), refused
   * while asleep and for revisions that do not exist; with `deploy`, the
   * service deploys at the new pin.
   */
  async setServiceRevision(
    id: string,
    service: string,
    options: { revision?: number; deploy?: boolean } = {},
  ): Promise<BerthEnvironment & { operation?: BerthOperation }> {
    this.check();
    const environment = await this.environment(id);
    await this.service(environment, service);
    await this.lifecycle.refuseWhileAsleep(environment);
    const project = await this.project(environment.projectRef);
    const latest = project.services.find(
      s => s.name === service,
    )!.latestRevision;
    const revision = options.revision ?? latest;
    if (!Number.isInteger(revision) || revision < 1 || revision > latest) {
      throw await httpError(
        404,
        'NotFoundError',
        `Service '${service}' has no revision ${revision}`,
      );
    }
    environment.services[service] = {
      ...environment.services[service],
      revision,
    };
    environment.updatedAt = this.now();
    const operation = options.deploy
      ? (await this.deployService(id, service, {})).operation
      : undefined;
    return {
      ...clone(this.withAvailableRevisions(environment)),
      ...(operation && { operation }),
    };
  }

  /** The environment with "revision N available" per service, as the backend answers reads. */
  private withAvailableRevisions(
    environment: BerthEnvironment,
  ): BerthEnvironment {
    const project = this.data.projects.find(
      p => p.ref === environment.projectRef,
    );
    const available: Record<string, AvailableRevision> = {};
    for (const service of project?.services ?? []) {
      const pinned = environment.services[service.name]?.revision;
      if (pinned !== undefined && service.latestRevision > pinned) {
        available[service.name] = {
          pinned,
          available: service.latestRevision,
        };
      }
    }
    return { ...environment, availableRevisions: available };
  }

  async getEnvironmentStatus(id: string): Promise<EnvironmentStatus> {
    this.check();
    await this.environment(id);
    return clone(this.status(id));
  }

  async deployEnvironment(id: string): Promise<OperationStarted> {
    this.check();
    const environment = await this.environment(id);
    await this.lifecycle.refuseWhileAsleep(environment);
    const project = await this.project(environment.projectRef);
    // As the backend: every service of the project deploys at its pin;
    // services added since the environment was made are pinned now.
    for (const s of project.services) {
      if (environment.services[s.name]?.revision === undefined) {
        environment.services[s.name] = {
          ...environment.services[s.name],
          revision: s.latestRevision,
        };
      }
    }
    const services = project.services.map(s => s.name);
    const operation = await this.operations.start({
      kind: 'deploy',
      environment,
      title: 'Deploy all services',
      summary: deploySummary(project, services),
      steps: deploySteps(project, services),
      begin: () => {
        for (const service of services) {
          this.startDeploy(environment, service);
        }
      },
    });
    return { operation };
  }

  async deployService(
    id: string,
    service: string,
    settings: EnvironmentServiceSettings,
  ): Promise<OperationStarted> {
    this.check();
    const environment = await this.environment(id);
    await this.service(environment, service);
    await this.lifecycle.refuseWhileAsleep(environment);
    const project = await this.project(environment.projectRef);
    const latest = project.services.find(s => s.name === service)!;
    if (
      settings.revision !== undefined &&
      (!Number.isInteger(settings.revision) ||
        settings.revision < 1 ||
        settings.revision > latest.latestRevision)
    ) {
      throw await httpError(
        404,
        'NotFoundError',
        `Service '${service}' has no revision ${settings.revision}`,
      );
    }
    // The settings are saved with the request; the deploy runs when the
    // operation starts. A refused request saves nothing.
    const current = environment.services[service];
    environment.services[service] = { ...current, ...settings };
    try {
      const operation = await this.operations.start({
        kind: 'deploy-service',
        environment,
        title: `Deploy ${service}`,
        summary: deploySummary(project, [service]),
        steps: deploySteps(project, [service]),
        begin: () => this.startDeploy(environment, service),
      });
      environment.updatedAt = this.now();
      return { operation };
    } catch (error) {
      if (current) environment.services[service] = current;
      else delete environment.services[service];
      throw error;
    }
  }

  async restartService(id: string, service: string): Promise<void> {
    this.check();
    const environment = await this.environment(id);
    await this.service(environment, service);
    this.updateService(id, service, s => ({
      ...s,
      status: 'Deploying',
      readyReplicas: 0,
    }));
  }

  async scaleService(
    id: string,
    service: string,
    replicas: number,
  ): Promise<void> {
    this.check();
    const environment = await this.environment(id);
    await this.service(environment, service);
    await this.lifecycle.refuseWhileAsleep(environment);
    if (!Number.isInteger(replicas) || replicas < 0) {
      throw await httpError(
        400,
        'InputError',
        Number.isInteger(replicas)
          ? 'Invalid request body: replicas: must be >= 0'
          : 'Invalid request body: replicas: must be integer',
      );
    }
    this.updateService(id, service, s => ({
      ...s,
      replicas,
      readyReplicas: Math.min(s.readyReplicas, replicas),
      status: replicas > s.readyReplicas ? 'Deploying' : s.status,
    }));
  }

  async deleteEnvironment(
    id: string,
    options: { keepResources?: boolean } = {},
  ): Promise<OperationStarted> {
    this.check();
    const environment = await this.environment(id);
    const { keepResources } = options;
    const operation = await this.operations.start({
      kind: 'delete',
      environment,
      title: keepResources
        ? `Delete ${environment.name} (keep its resources)`
        : `Delete ${environment.name}`,
      steps: plainSteps(
        ...(keepResources
          ? []
          : [
              ...Object.keys(environment.services).map(
                s => [`service:${s}`, `Remove ${s}`] as [string, string],
              ),
              ['namespace', 'Namespace'] as [string, string],
            ]),
        ['records', 'Environment and records'],
      ),
      finishesAtStart: true,
      begin: () => {
        this.data.environments = this.data.environments.filter(
          e => e.id !== id,
        );
        this.data.statuses = this.data.statuses.filter(
          s => s.environmentId !== id,
        );
        delete this.data.pods[id];
        delete this.data.events[id];
      },
    });
    return { operation };
  }

  async listDeployments(
    id: string,
    options: { service?: string } = {},
  ): Promise<DeploymentRecord[]> {
    this.check();
    await this.environment(id);
    return clone(
      this.data.deployments
        .filter(d => d.environmentId === id)
        .filter(d => !options.service || d.service === options.service)
        .sort((a, b) => b.startedAt.localeCompare(a.startedAt)),
    );
  }

  async listPods(id: string): Promise<PodSummary[]> {
    this.check();
    await this.environment(id);
    return clone(this.data.pods[id] ?? []);
  }

  async listEvents(id: string): Promise<EventSummary[]> {
    this.check();
    await this.environment(id);
    return clone(this.data.events[id] ?? []);
  }

  async getPodLogs(
    id: string,
    pod: string,
    options: { container?: string; tailLines?: number } = {},
  ): Promise<string> {
    this.check();
    await this.environment(id);
    const found = (this.data.pods[id] ?? []).find(p => p.name === pod);
    if (!found) {
      throw await httpError(
        404,
        'NotFoundError',
        `Pod '${pod}' not found in environment ${id}`,
      );
    }
    if (options.container && !found.containers.includes(options.container)) {
      throw await httpError(
        400,
        'InputError',
        `Pod '${pod}' has no container '${options.container}'`,
      );
    }
    const logs = this.data.logs[`${id}/${pod}`];
    if (logs === undefined) {
      throw await httpError(
        400,
        'InputError',
        `container "${
          options.container ?? found.containers[0]
        }" in pod "${pod}" is waiting to start: ContainerCreating`,
      );
    }
    const lines = logs.split('\n');
    return options.tailLines
      ? lines.slice(-options.tailLines).join('\n')
      : logs;
  }

  async getReleaseMatrix(projectRef: ProjectRef): Promise<ReleaseMatrix> {
    this.check();
    const project = await this.project(projectRefString(projectRef));
    const environments = this.data.environments.filter(
      e => e.projectRef === project.ref,
    );
    const services = project.services.map(s => s.name);
    return {
      services,
      environments: environments.map(e => ({
        id: e.id,
        name: e.name,
        cluster: e.cluster,
        namespace: e.namespace,
        tier: e.tier,
      })),
      cells: Object.fromEntries(
        services.map(service => [
          service,
          Object.fromEntries(
            environments.map(e => {
              const live = this.status(e.id).services.find(
                s => s.service === service,
              );
              return [
                e.id,
                {
                  revision: live?.revision ?? e.services[service]?.revision,
                  images: live?.images ?? [],
                  status: live?.status ?? 'NotDeployed',
                },
              ];
            }),
          ),
        ]),
      ),
    };
  }

  async listComponentDeployments(
    component: ProjectRef,
  ): Promise<ComponentDeployment[]> {
    this.check();
    const componentRef = projectRefString(component, 'component');
    const rows: ComponentDeployment[] = [];
    for (const project of this.data.projects) {
      for (const service of project.services) {
        if (service.componentRef.toLowerCase() !== componentRef) continue;
        for (const e of this.data.environments) {
          if (e.projectRef !== project.ref) continue;
          const live = this.status(e.id).services.find(
            s => s.service === service.name,
          );
          rows.push({
            projectRef: project.ref,
            environmentId: e.id,
            environment: e.name,
            cluster: e.cluster,
            namespace: e.namespace,
            tier: e.tier,
            service: service.name,
            revision: live?.revision ?? e.services[service.name]?.revision,
            images: live?.images ?? [],
            status: live?.status ?? 'NotDeployed',
          });
        }
      }
    }
    return rows;
  }

  // Helm import (issue #5), answered by FakeHelmBackend.
  async listHelmRepositories(): Promise<HelmRepositorySummary[]> {
    this.check();
    return clone(this.helm.data.repositories);
  }

  async listHelmRegistries(): Promise<HelmRegistrySummary[]> {
    this.check();
    return clone(this.helm.data.registries);
  }

  async listRepositoryCharts(
    project: ProjectRef,
    repository: { repository: string } | { url: string },
  ): Promise<ChartListing[]> {
    this.check();
    return this.helm.listRepositoryCharts(
      projectRefString(project),
      repository,
    );
  }

  async listGitCharts(
    project: ProjectRef,
    url: string,
  ): Promise<GitChartDirectory[]> {
    this.check();
    return this.helm.listGitCharts(projectRefString(project), url);
  }

  async inspectChart(
    project: ProjectRef,
    source: ChartImportSource,
  ): Promise<ChartInfo> {
    this.check();
    return this.helm.inspectChart(projectRefString(project), source);
  }

  async uploadChartArchive(
    project: ProjectRef,
    archive: Blob,
    filename: string,
  ): Promise<ChartInfo> {
    this.check();
    return this.helm.uploadChartArchive(
      projectRefString(project),
      archive,
      filename,
    );
  }

  async validateChartValues(
    project: ProjectRef,
    digest: string,
    values: string,
  ) {
    this.check();
    return this.helm.validateChartValues(
      projectRefString(project),
      digest,
      values,
    );
  }

  async importCharts(
    project: ProjectRef,
    request: ChartImportRequest,
  ): Promise<ChartImportResult> {
    this.check();
    return this.helm.importCharts(projectRefString(project), request);
  }

  async listServiceRevisions(
    project: ProjectRef,
    service: string,
  ): Promise<ServiceRevision[]> {
    this.check();
    return this.helm.listServiceRevisions(projectRefString(project), service);
  }

  async addServiceRevision(
    project: ProjectRef,
    service: string,
    spec: ServiceSpec,
  ): Promise<ServiceRevision> {
    this.check();
    return this.helm.addServiceRevision(
      projectRefString(project),
      service,
      spec,
    );
  }

  async getServiceChart(
    project: ProjectRef,
    service: string,
    revision?: number,
  ) {
    this.check();
    return this.helm.getServiceChart(
      projectRefString(project),
      service,
      revision,
    );
  }

  async listServiceChartVersions(
    project: ProjectRef,
    service: string,
  ): Promise<ChartVersionsAvailable> {
    this.check();
    return this.helm.listServiceChartVersions(
      projectRefString(project),
      service,
    );
  }

  async upgradeServiceChart(
    project: ProjectRef,
    service: string,
    version: string,
  ): Promise<ServiceRevision> {
    this.check();
    return this.helm.upgradeServiceChart(
      projectRefString(project),
      service,
      version,
    );
  }

  async syncServiceValues(
    project: ProjectRef,
    service: string,
  ): Promise<ValuesSyncResult> {
    this.check();
    return this.helm.syncServiceValues(projectRefString(project), service);
  }

  async previewService(
    environmentId: string,
    service: string,
    settings: ProposedServiceSettings = {},
  ): Promise<ServicePreview> {
    this.check();
    await this.service(await this.environment(environmentId), service);
    return this.helm.previewService(environmentId, service, settings);
  }

  // Environment lifecycle (issue #6), answered by FakeLifecycleBackend.
  async diffDeployments(
    id: string,
    service: string,
    from: string,
    to: string,
  ): Promise<DeploymentDiff> {
    this.check();
    return this.lifecycle.diff(id, service, from, to);
  }

  async getEnvironmentDrift(id: string): Promise<EnvironmentDrift> {
    this.check();
    return this.lifecycle.environmentDrift(id);
  }

  async getServiceDrift(id: string, service: string): Promise<ServiceDrift> {
    this.check();
    return this.lifecycle.serviceDrift(id, service);
  }

  async previewEnvironmentValues(
    id: string,
    values: string,
  ): Promise<ValuesChangePreview> {
    this.check();
    return this.lifecycle.previewValues(id, values);
  }

  async setEnvironmentValues(
    id: string,
    values: string,
    options: { redeploy?: boolean } = {},
  ): Promise<
    BerthEnvironment & {
      valuesChange?: ValuesChangeResult;
      operation?: BerthOperation;
    }
  > {
    this.check();
    return this.lifecycle.setValues(id, values, options);
  }

  async copyEnvironment(
    id: string,
    request: CopyEnvironmentRequest,
  ): Promise<CopyEnvironmentResponse & { operation?: BerthOperation }> {
    this.check();
    return this.lifecycle.copy(id, request);
  }

  async getEnvironmentSleep(id: string): Promise<EnvironmentSleep> {
    this.check();
    return this.lifecycle.getSleep(id);
  }

  async sleepEnvironment(
    id: string,
  ): Promise<EnvironmentSleep & OperationStarted> {
    this.check();
    return this.lifecycle.sleep(id);
  }

  async wakeEnvironment(
    id: string,
  ): Promise<EnvironmentSleep & OperationStarted> {
    this.check();
    return this.lifecycle.wake(id);
  }

  async setSleepSchedule(
    id: string,
    schedule: SetSleepScheduleRequest,
  ): Promise<SleepSchedule> {
    this.check();
    return this.lifecycle.setSchedule(id, schedule);
  }

  async deleteSleepSchedule(id: string): Promise<void> {
    this.check();
    return this.lifecycle.deleteSchedule(id);
  }

  async listEnvironmentConfigs(id: string): Promise<EnvironmentConfig[]> {
    this.check();
    return this.lifecycle.listConfigs(id);
  }

  async getEnvironmentConfig(
    id: string,
    kind: string,
    name: string,
  ): Promise<EnvironmentConfig> {
    this.check();
    return this.lifecycle.getConfig(id, kind, name);
  }

  async createEnvironmentConfig(
    id: string,
    request: ApplyEnvironmentConfigRequest,
  ): Promise<EnvironmentConfigChangeResult> {
    this.check();
    return this.lifecycle.createConfig(id, request);
  }

  async updateEnvironmentConfig(
    id: string,
    kind: string,
    name: string,
    request: ApplyEnvironmentConfigRequest,
  ): Promise<EnvironmentConfigChangeResult> {
    this.check();
    return this.lifecycle.updateConfig(id, kind, name, request);
  }

  async deleteEnvironmentConfig(
    id: string,
    kind: string,
    name: string,
    options: { restartDependents?: boolean } = {},
  ): Promise<EnvironmentConfigChangeResult> {
    this.check();
    return this.lifecycle.deleteConfig(id, kind, name, options);
  }

  async listEnvironmentConfigHistory(
    id: string,
    filter: { kind?: string; name?: string } = {},
  ): Promise<EnvironmentConfigChange[]> {
    this.check();
    return this.lifecycle.configHistory(id, filter);
  }

  async listRegistries(): Promise<BerthRegistry[]> {
    this.check();
    return clone(this.lifecycle.data.registries);
  }

  async getEnvironmentRegistry(id: string): Promise<EnvironmentRegistry> {
    this.check();
    return this.lifecycle.registry(id);
  }

  async setEnvironmentRegistry(
    id: string,
    registry: string | null,
  ): Promise<EnvironmentRegistry> {
    this.check();
    return this.lifecycle.setRegistry(id, registry);
  }

  async checkRollback(
    id: string,
    service: string,
    deploymentId: string,
  ): Promise<{ images: ImageCheck[] }> {
    this.check();
    return this.lifecycle.checkRollback(id, service, deploymentId);
  }

  async rollbackService(
    id: string,
    service: string,
    deploymentId: string,
  ): Promise<RollbackResult & OperationStarted> {
    this.check();
    return this.lifecycle.rollback(id, service, deploymentId);
  }

  // Operations (issue #10), answered by FakeOperationsBackend.
  async listEnvironmentOperations(
    environmentId: string,
    options: {
      status?: OperationStatus | OperationStatus[];
      limit?: number;
    } = {},
  ): Promise<BerthOperation[]> {
    this.check();
    return this.operations.list(environmentId, options);
  }

  async listProjectOperations(
    project: ProjectRef,
    options: { limit?: number } = {},
  ): Promise<BerthOperation[]> {
    this.check();
    return this.operations.listProject(projectRefString(project), options);
  }

  async getOperation(
    environmentId: string,
    operationId: string,
  ): Promise<BerthOperation> {
    this.check();
    return this.operations.get(environmentId, operationId);
  }

  async cancelOperation(
    environmentId: string,
    operationId: string,
  ): Promise<BerthOperation> {
    this.check();
    return this.operations.cancel(environmentId, operationId);
  }

  /**
   * Finishes the operations of an environment in turn (the queued ones
   * start, then end) and every deploy in progress, as the backend's watches
   * would: services become Running, records succeed.
   */
  settle(id: string): void {
    this.operations.settle(id);
    if (!this.data.environments.some(e => e.id === id)) return;
    this.lifecycle.settle(id);
    for (const record of this.data.deployments) {
      if (record.environmentId === id && record.result === 'running') {
        record.result = 'succeeded';
        record.finishedAt = this.now();
      }
    }
    const status = this.status(id);
    this.publish({
      ...status,
      services: status.services.map(s =>
        s.status === 'Deploying'
          ? { ...s, status: 'Running', readyReplicas: s.replicas }
          : s,
      ),
      updatedAt: this.now(),
    });
  }

  private get actor(): string {
    return this.options.actor ?? 'user:default/guest';
  }

  private check(): void {
    if (this.options.error) throw this.options.error;
  }

  private now(): string {
    this.clock += 60_000;
    return new Date(this.clock).toISOString();
  }

  private async project(ref: string): Promise<BerthProject> {
    const found = this.data.projects.find(
      p => p.ref.toLowerCase() === ref.toLowerCase(),
    );
    if (!found) {
      throw await httpError(
        404,
        'NotFoundError',
        `'${ref.toLowerCase()}' is not a Berth project`,
      );
    }
    return found;
  }

  private async environment(id: string): Promise<BerthEnvironment> {
    const found = this.data.environments.find(e => e.id === id);
    if (!found) {
      throw await httpError(
        404,
        'NotFoundError',
        `No environment with id '${id}'`,
      );
    }
    return found;
  }

  private async service(
    environment: BerthEnvironment,
    service: string,
  ): Promise<void> {
    const project = await this.project(environment.projectRef);
    if (!project.services.some(s => s.name === service)) {
      throw await httpError(
        400,
        'InputError',
        `Project '${project.name}' has no service named '${service}'`,
      );
    }
  }

  private async validateCreate(
    project: BerthProject,
    request: CreateEnvironmentRequest,
    taken: Set<string>,
    namespaces: Map<string, BerthEnvironment>,
  ): Promise<void> {
    const fail = async (status: number, name: string, message: string) => {
      throw await httpError(status, name, message);
    };
    const badName = dnsLabelProblem('environment name', request.name);
    if (badName) await fail(400, 'InputError', badName);
    if (taken.has(request.name)) {
      await fail(
        409,
        'ConflictError',
        `Project '${project.ref}' already has an environment named '${request.name}'`,
      );
    }
    const cluster = this.data.clusters.find(c => c.name === request.cluster);
    if (!cluster) {
      await fail(
        400,
        'InputError',
        `Unknown cluster '${request.cluster}'; known: ${
          this.data.clusters.map(c => c.name).join(', ') || 'none'
        }`,
      );
    }
    if (request.tier === 'production' && !cluster!.allowProduction) {
      await fail(
        400,
        'InputError',
        `Cluster '${request.cluster}' does not take production environments`,
      );
    }
    const namespace =
      request.namespace ?? `${project.name.toLowerCase()}-${request.name}`;
    const badNamespace = namespaceProblem(namespace);
    if (badNamespace) await fail(400, 'InputError', badNamespace);
    const owner = namespaces.get(`${request.cluster}/${namespace}`);
    if (owner) {
      await fail(
        409,
        'ConflictError',
        `Namespace '${namespace}' on cluster '${request.cluster}' is already used by environment '${owner.name}'`,
      );
    }
    for (const service of Object.keys(request.services ?? {})) {
      if (!project.services.some(s => s.name === service)) {
        await fail(
          400,
          'InputError',
          `Project '${project.name}' has no service named '${service}'`,
        );
      }
    }
  }

  private status(id: string): EnvironmentStatus {
    return (
      this.data.statuses.find(s => s.environmentId === id) ?? {
        environmentId: id,
        status: 'NotDeployed',
        services: [],
        updatedAt: new Date(this.clock).toISOString(),
      }
    );
  }

  private startDeploy(
    environment: BerthEnvironment,
    service: string,
  ): DeploymentRecord {
    const settings = environment.services[service] ?? {};
    this.updateService(environment.id, service, s => ({
      ...s,
      status: 'Deploying',
      revision: settings.revision ?? s.revision,
      images: Object.keys(settings.images ?? {}).length
        ? imagesOf(settings)
        : s.images,
      replicas: Math.max(s.replicas, 1),
    }));
    return this.record(environment, service);
  }

  private record(
    environment: BerthEnvironment,
    service: string,
  ): DeploymentRecord {
    const settings = environment.services[service] ?? {};
    this.sequence += 1;
    const record: DeploymentRecord = {
      id: `deploy-${this.sequence}`,
      environmentId: environment.id,
      service,
      revision: settings.revision ?? 1,
      valuesDigest: `sha256:${String(this.sequence).padStart(8, '0')}`,
      images: imagesOf(settings),
      actor: this.actor,
      startedAt: this.now(),
      result: 'running',
      settings: clone({ revision: settings.revision ?? 1, ...settings }),
    };
    this.data.deployments.push(record);
    return record;
  }

  private updateService(
    id: string,
    service: string,
    update: (s: ServiceStatus) => ServiceStatus,
  ): void {
    const status = this.status(id);
    const current = status.services.find(s => s.service === service) ?? {
      service,
      status: 'NotDeployed' as const,
      images: [],
      readyReplicas: 0,
      replicas: 0,
    };
    const services = status.services.some(s => s.service === service)
      ? status.services.map(s => (s.service === service ? update(s) : s))
      : [...status.services, update(current)];
    this.publish({ ...status, services, updatedAt: this.now() });
  }

  private publish(status: EnvironmentStatus): void {
    const rolledUp: EnvironmentStatus = {
      ...status,
      status: rollUp(status.services.map(s => s.status)),
    };
    this.data.statuses = [
      ...this.data.statuses.filter(
        s => s.environmentId !== status.environmentId,
      ),
      rolledUp,
    ];
    this.signalStatus(rolledUp);
  }

  /**
   * For tests: makes `status` the environment's status as it is (no roll-up)
   * and signals the change the way the backend does.
   */
  setStatus(status: EnvironmentStatus): void {
    this.data.statuses = [
      ...this.data.statuses.filter(
        s => s.environmentId !== status.environmentId,
      ),
      clone(status),
    ];
    this.signalStatus(status);
  }

  /** Like the backend: the signal names the environment only; clients fetch its status. */
  private signalStatus(status: EnvironmentStatus): void {
    const signal: EnvironmentStatusSignal = {
      environmentId: status.environmentId,
      at: status.updatedAt,
    };
    this.options.signals?.publish(BERTH_STATUS_SIGNAL_CHANNEL, signal);
  }
}

/** What a successful deploy of the services says, as the backend's deploy handler. */
function deploySummary(project: BerthProject, services: string[]): string {
  const listed = new Set(project.startOrder.flat());
  const groups = [
    ...project.startOrder,
    project.services.map(s => s.name).filter(s => !listed.has(s)),
  ]
    .map(group => group.filter(s => services.includes(s)))
    .filter(group => group.length > 0);
  const count = groups.flat().length;
  return `Deployed ${count} service${count === 1 ? '' : 's'} in ${
    groups.length
  } start-order group${groups.length === 1 ? '' : 's'}`;
}

function imagesOf(settings: EnvironmentServiceSettings): string[] {
  return Object.values(settings.images ?? {});
}

function rollUp(statuses: WorkloadStatus[]): WorkloadStatus {
  if (statuses.length === 0) return 'NotDeployed';
  if (statuses.every(s => s === 'NotDeployed')) return 'NotDeployed';
  return (
    STATUS_ORDER.find(candidate =>
      candidate === 'NotDeployed' ? false : statuses.includes(candidate),
    ) ?? 'Running'
  );
}
