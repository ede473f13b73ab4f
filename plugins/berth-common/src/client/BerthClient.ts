import { ResponseError } from '@backstage/errors';
import {
  BerthEnvironment,
  BerthProject,
  ComponentDeployment,
  CreateEnvironmentRequest,
  DeploymentRecord,
  EnvironmentServiceSettings,
  EnvironmentStatus,
  EventSummary,
  PodSummary,
  ReleaseMatrix,
  ServiceRevision,
  ServiceSpec,
} from '../model';
import {
  ChartImportRequest,
  ChartImportResult,
  ChartImportSource,
  ChartInfo,
  ChartListing,
  ChartVersionsAvailable,
  GitChartDirectory,
  HelmRegistrySummary,
  HelmRepositorySummary,
  ValuesSyncResult,
} from '../helm';
import { ProposedServiceSettings, ServicePreview } from '../rendering';
import { BerthOperation, OperationStatus } from '../operations';
import { BerthCluster, BerthHealth } from '../types';
import {
  CopyEnvironmentRequest,
  CopyEnvironmentResponse,
  EnvironmentSleep,
  SetSleepScheduleRequest,
  SleepSchedule,
} from '../lifecycle';
import {
  DeploymentDiff,
  EnvironmentDrift,
  ServiceDrift,
  ValuesChangePreview,
  ValuesChangeResult,
} from '../rendering';
import {
  ApplyEnvironmentConfigRequest,
  BerthRegistry,
  EnvironmentConfig,
  EnvironmentConfigChange,
  EnvironmentConfigChangeResult,
  EnvironmentRegistry,
  ImageCheck,
  RollbackResult,
} from '../configs';

/**
 * A System entity ref split for URLs: `system:<namespace>/<name>`.
 *
 * @public
 */
export interface ProjectRef {
  namespace: string;
  name: string;
}

/**
 * The answer of a route that starts work: the operation it started, or
 * queued behind the one running on the environment (`status: 'queued'`,
 * `queuedBehind`).
 *
 * @public
 */
export interface OperationStarted {
  operation: BerthOperation;
}

/**
 * The answer of `POST /projects/:ns/:name/environments`: the environments
 * created, and one `create` operation per environment created with a deploy.
 *
 * @public
 */
export interface CreatedEnvironments {
  items: BerthEnvironment[];
  operations: BerthOperation[];
}

/**
 * Finds the base URL of a backend plugin. Structurally the same as the
 * frontend `DiscoveryApi` and the backend `DiscoveryService`.
 *
 * @public
 */
export interface BerthDiscovery {
  getBaseUrl(pluginId: string): Promise<string>;
}

/**
 * Performs authenticated requests. Structurally the same as the frontend `FetchApi`.
 *
 * @public
 */
export interface BerthFetch {
  fetch: typeof fetch;
}

/**
 * Berth's REST API, as the frontend and other plugins use it.
 *
 * @public
 */
export interface BerthApi {
  /** The state of Berth's database and the clusters it knows. */
  getHealth(): Promise<BerthHealth>;
  /** The clusters, with their connectivity. */
  listClusters(): Promise<BerthCluster[]>;
  /** The projects the caller may see. */
  listProjects(): Promise<BerthProject[]>;
  getProject(project: ProjectRef): Promise<BerthProject>;
  /** A project's environments, filtered by the caller's permissions. */
  listEnvironments(project: ProjectRef): Promise<BerthEnvironment[]>;
  /** Creates one or several environments in one request; each deploy is an operation. */
  createEnvironments(
    project: ProjectRef,
    environments: CreateEnvironmentRequest[],
  ): Promise<CreatedEnvironments>;
  getEnvironment(id: string): Promise<BerthEnvironment>;
  getEnvironmentStatus(id: string): Promise<EnvironmentStatus>;
  /** Deploys every service in start order: an operation, started or queued. */
  deployEnvironment(id: string): Promise<OperationStarted>;
  /** Deploys or updates one service (revision, values, images): an operation. */
  deployService(
    id: string,
    service: string,
    settings: EnvironmentServiceSettings,
  ): Promise<OperationStarted>;
  restartService(id: string, service: string): Promise<void>;
  scaleService(id: string, service: string, replicas: number): Promise<void>;
  /** Deletes an environment: an operation (services, namespace, records). */
  deleteEnvironment(
    id: string,
    options?: { keepResources?: boolean },
  ): Promise<OperationStarted>;
  /** Deployment records, newest first; of one service with `service`. */
  listDeployments(
    id: string,
    options?: { service?: string },
  ): Promise<DeploymentRecord[]>;
  listPods(id: string): Promise<PodSummary[]>;
  listEvents(id: string): Promise<EventSummary[]>;
  getPodLogs(
    id: string,
    pod: string,
    options?: { container?: string; tailLines?: number },
  ): Promise<string>;
  getReleaseMatrix(project: ProjectRef): Promise<ReleaseMatrix>;
  /** Where a Component's services run. */
  listComponentDeployments(
    component: ProjectRef,
  ): Promise<ComponentDeployment[]>;

  // Environment lifecycle (issue #6)
  /** Compares two deployment records of a service: values, settings, rendered manifests. */
  diffDeployments(
    id: string,
    service: string,
    from: string,
    to: string,
  ): Promise<DeploymentDiff>;
  /** Whether the live objects of every service match what Berth last deployed. */
  getEnvironmentDrift(id: string): Promise<EnvironmentDrift>;
  getServiceDrift(id: string, service: string): Promise<ServiceDrift>;
  /** Which services an environment-wide values change would change, with diffs. */
  previewEnvironmentValues(
    id: string,
    values: string,
  ): Promise<ValuesChangePreview>;
  /**
   * Sets the environment-wide values; with `redeploy` redeploys the services
   * they change (an operation, present when a service is redeployed).
   */
  setEnvironmentValues(
    id: string,
    values: string,
    options?: { redeploy?: boolean },
  ): Promise<
    BerthEnvironment & {
      valuesChange?: ValuesChangeResult;
      operation?: BerthOperation;
    }
  >;
  /**
   * Moves a service's pinned revision (default: the service's latest), the
   * explicit update a newer revision needs; with `deploy`, deploys it too.
   */
  setServiceRevision(
    id: string,
    service: string,
    options?: { revision?: number; deploy?: boolean },
  ): Promise<BerthEnvironment & { operation?: BerthOperation }>;
  /** A new environment from an existing one (revisions, values, images); its deploy is an operation. */
  copyEnvironment(
    id: string,
    request: CopyEnvironmentRequest,
  ): Promise<CopyEnvironmentResponse & { operation?: BerthOperation }>;
  getEnvironmentSleep(id: string): Promise<EnvironmentSleep>;
  /** Scales the workloads to zero and suspends CronJobs, recording what ran: an operation. */
  sleepEnvironment(id: string): Promise<EnvironmentSleep & OperationStarted>;
  /** Restores what sleep recorded, group by group: an operation. */
  wakeEnvironment(id: string): Promise<EnvironmentSleep & OperationStarted>;
  setSleepSchedule(
    id: string,
    schedule: SetSleepScheduleRequest,
  ): Promise<SleepSchedule>;
  deleteSleepSchedule(id: string): Promise<void>;
  /** The ConfigMaps, Secrets, Ingresses and PVCs Berth manages in the environment (Secret values masked). */
  listEnvironmentConfigs(id: string): Promise<EnvironmentConfig[]>;
  getEnvironmentConfig(
    id: string,
    kind: string,
    name: string,
  ): Promise<EnvironmentConfig>;
  createEnvironmentConfig(
    id: string,
    request: ApplyEnvironmentConfigRequest,
  ): Promise<EnvironmentConfigChangeResult>;
  updateEnvironmentConfig(
    id: string,
    kind: string,
    name: string,
    request: ApplyEnvironmentConfigRequest,
  ): Promise<EnvironmentConfigChangeResult>;
  deleteEnvironmentConfig(
    id: string,
    kind: string,
    name: string,
    options?: { restartDependents?: boolean },
  ): Promise<EnvironmentConfigChangeResult>;
  /** Changes of the environment's configs, newest first; of one config with kind and name. */
  listEnvironmentConfigHistory(
    id: string,
    filter?: { kind?: string; name?: string },
  ): Promise<EnvironmentConfigChange[]>;
  /** The image registries Berth knows (never their credentials). */
  listRegistries(): Promise<BerthRegistry[]>;
  getEnvironmentRegistry(id: string): Promise<EnvironmentRegistry>;
  /** Sets the environment's registry override; null goes back to the cluster's. */
  setEnvironmentRegistry(
    id: string,
    registry: string | null,
  ): Promise<EnvironmentRegistry>;
  /** Whether the images of a deployment record still exist, without changing anything. */
  checkRollback(
    id: string,
    service: string,
    deploymentId: string,
  ): Promise<{ images: ImageCheck[] }>;
  /** Rolls a service back to a deployment record (an operation); refused when its images are gone. */
  rollbackService(
    id: string,
    service: string,
    deploymentId: string,
  ): Promise<RollbackResult & OperationStarted>;

  // Operations (issue #10)
  /** An environment's operations, newest first, without steps and events; of one or several statuses with `status`. */
  listEnvironmentOperations(
    environmentId: string,
    options?: {
      status?: OperationStatus | OperationStatus[];
      limit?: number;
    },
  ): Promise<BerthOperation[]>;
  /** A project's operations the caller may read, newest first (project-level ones included). */
  listProjectOperations(
    project: ProjectRef,
    options?: { limit?: number },
  ): Promise<BerthOperation[]>;
  /** One operation of an environment, with its steps and events. */
  getOperation(
    environmentId: string,
    operationId: string,
  ): Promise<BerthOperation>;
  /**
   * Asks a running operation to stop after its current step (a queued one is
   * cancelled at once); refused with 409 when it has ended.
   */
  cancelOperation(
    environmentId: string,
    operationId: string,
  ): Promise<BerthOperation>;

  // Helm import (issue #5)
  /** The chart repositories configured in Berth (never their credentials). */
  listHelmRepositories(): Promise<HelmRepositorySummary[]>;
  /** The OCI registries configured in Berth (never their credentials). */
  listHelmRegistries(): Promise<HelmRegistrySummary[]>;
  /**
   * The charts of a repository: a configured one by name, or any by URL. Like
   * every step of an import, it needs `berth.project.update` on the project.
   */
  listRepositoryCharts(
    project: ProjectRef,
    repository: { repository: string } | { url: string },
  ): Promise<ChartListing[]>;
  /** The chart folders of a Git tree (read through the URL readers), for an import into the project. */
  listGitCharts(project: ProjectRef, url: string): Promise<GitChartDirectory[]>;
  /** Reads a chart (metadata, dependencies, values, schema) for an import into the project, without storing anything. */
  inspectChart(
    project: ProjectRef,
    source: ChartImportSource,
  ): Promise<ChartInfo>;
  /**
   * Uploads a chart archive (.tgz) for an import into the project (needs
   * `berth.project.update` on it); import it then with `{ type: 'archive', digest }`.
   */
  uploadChartArchive(
    project: ProjectRef,
    archive: Blob,
    filename: string,
  ): Promise<ChartInfo>;
  /** Checks values (YAML) against an archive's values.schema.json, merged over its values.yaml. */
  validateChartValues(
    project: ProjectRef,
    digest: string,
    values: string,
  ): Promise<{
    valid: boolean;
    errors: Array<{ path: string; message: string }>;
  }>;
  /**
   * Creates (or with `force` updates) services from charts; one result per
   * item, failures included. A request of one item that fails throws instead.
   */
  importCharts(
    project: ProjectRef,
    request: ChartImportRequest,
  ): Promise<ChartImportResult>;
  /** A service's revisions, newest first. */
  listServiceRevisions(
    project: ProjectRef,
    service: string,
  ): Promise<ServiceRevision[]>;
  /** A new revision of a service with the given spec. */
  addServiceRevision(
    project: ProjectRef,
    service: string,
    spec: ServiceSpec,
  ): Promise<ServiceRevision>;
  /** The chart of an imported service, at a revision (default the latest). */
  getServiceChart(
    project: ProjectRef,
    service: string,
    revision?: number,
  ): Promise<ChartInfo & { revision: number }>;
  /** The versions of an imported service's chart at its origin. */
  listServiceChartVersions(
    project: ProjectRef,
    service: string,
  ): Promise<ChartVersionsAvailable>;
  /** Moves a service to another version of its chart: a new revision. */
  upgradeServiceChart(
    project: ProjectRef,
    service: string,
    version: string,
  ): Promise<ServiceRevision>;
  /** Re-reads a service's tracked values file now; a new revision when it changed. */
  syncServiceValues(
    project: ProjectRef,
    service: string,
  ): Promise<ValuesSyncResult>;
  /** What deploying a service into an environment would apply, and its diff against what is live. */
  previewService(
    environmentId: string,
    service: string,
    settings?: ProposedServiceSettings,
  ): Promise<ServicePreview>;
}

/**
 * A typed client for the Berth backend's REST API.
 *
 * @public
 */
export class BerthClient implements BerthApi {
  private readonly discovery: BerthDiscovery;
  private readonly fetchApi: BerthFetch;

  constructor(options: { discoveryApi: BerthDiscovery; fetchApi: BerthFetch }) {
    this.discovery = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getHealth(): Promise<BerthHealth> {
    return this.request<BerthHealth>('/health');
  }

  async listClusters(): Promise<BerthCluster[]> {
    return (await this.request<Items<BerthCluster>>('/clusters')).items;
  }

  async listProjects(): Promise<BerthProject[]> {
    return (await this.request<Items<BerthProject>>('/projects')).items;
  }

  async getProject(project: ProjectRef): Promise<BerthProject> {
    return this.request(projectPath(project));
  }

  async listEnvironments(project: ProjectRef): Promise<BerthEnvironment[]> {
    const path = `${projectPath(project)}/environments`;
    return (await this.request<Items<BerthEnvironment>>(path)).items;
  }

  async createEnvironments(
    project: ProjectRef,
    environments: CreateEnvironmentRequest[],
  ): Promise<CreatedEnvironments> {
    const path = `${projectPath(project)}/environments`;
    const body = { environments };
    const answer = await this.request<CreatedEnvironments>(path, post(body));
    return { items: answer.items, operations: answer.operations ?? [] };
  }

  async getEnvironment(id: string): Promise<BerthEnvironment> {
    return this.request(environmentPath(id));
  }

  async getEnvironmentStatus(id: string): Promise<EnvironmentStatus> {
    return this.request(`${environmentPath(id)}/status`);
  }

  async deployEnvironment(id: string): Promise<OperationStarted> {
    return this.request(`${environmentPath(id)}/deploy`, post({}));
  }

  async deployService(
    id: string,
    service: string,
    settings: EnvironmentServiceSettings,
  ): Promise<OperationStarted> {
    return this.request(`${servicePath(id, service)}/deploy`, post(settings));
  }

  async restartService(id: string, service: string): Promise<void> {
    await this.request(`${servicePath(id, service)}/restart`, post({}));
  }

  async scaleService(
    id: string,
    service: string,
    replicas: number,
  ): Promise<void> {
    await this.request(`${servicePath(id, service)}/scale`, post({ replicas }));
  }

  async deleteEnvironment(
    id: string,
    options: { keepResources?: boolean } = {},
  ): Promise<OperationStarted> {
    const query = options.keepResources ? '?keepResources=true' : '';
    return this.request(`${environmentPath(id)}${query}`, {
      method: 'DELETE',
    });
  }

  async listDeployments(
    id: string,
    options: { service?: string } = {},
  ): Promise<DeploymentRecord[]> {
    const query = options.service
      ? `?${new URLSearchParams({ service: options.service })}`
      : '';
    const path = `${environmentPath(id)}/deployments${query}`;
    return (await this.request<Items<DeploymentRecord>>(path)).items;
  }

  async listPods(id: string): Promise<PodSummary[]> {
    const path = `${environmentPath(id)}/pods`;
    return (await this.request<Items<PodSummary>>(path)).items;
  }

  async listEvents(id: string): Promise<EventSummary[]> {
    const path = `${environmentPath(id)}/events`;
    return (await this.request<Items<EventSummary>>(path)).items;
  }

  async getPodLogs(
    id: string,
    pod: string,
    options: { container?: string; tailLines?: number } = {},
  ): Promise<string> {
    const query = new URLSearchParams();
    if (options.container) query.set('container', options.container);
    if (options.tailLines) query.set('tailLines', String(options.tailLines));
    const path = `${environmentPath(id)}/pods/${encodeURIComponent(
      pod,
    )}/logs?${query}`;
    const response = await this.fetch(path);
    return response.text();
  }

  async getReleaseMatrix(project: ProjectRef): Promise<ReleaseMatrix> {
    return this.request(`${projectPath(project)}/matrix`);
  }

  async listComponentDeployments(
    component: ProjectRef,
  ): Promise<ComponentDeployment[]> {
    const path = `/components/${encodeURIComponent(
      component.namespace,
    )}/${encodeURIComponent(component.name)}/deployments`;
    return (await this.request<Items<ComponentDeployment>>(path)).items;
  }

  async listHelmRepositories(): Promise<HelmRepositorySummary[]> {
    return (
      await this.request<Items<HelmRepositorySummary>>('/helm/repositories')
    ).items;
  }

  async listHelmRegistries(): Promise<HelmRegistrySummary[]> {
    return (await this.request<Items<HelmRegistrySummary>>('/helm/registries'))
      .items;
  }

  async listRepositoryCharts(
    project: ProjectRef,
    repository: { repository: string } | { url: string },
  ): Promise<ChartListing[]> {
    const query = new URLSearchParams(repository);
    return (
      await this.request<Items<ChartListing>>(
        `${projectPath(project)}/helm/charts?${query}`,
      )
    ).items;
  }

  async listGitCharts(
    project: ProjectRef,
    url: string,
  ): Promise<GitChartDirectory[]> {
    return (
      await this.request<Items<GitChartDirectory>>(
        `${projectPath(project)}/helm/git/charts`,
        post({ url }),
      )
    ).items;
  }

  async inspectChart(
    project: ProjectRef,
    source: ChartImportSource,
  ): Promise<ChartInfo> {
    return this.request(
      `${projectPath(project)}/helm/inspect`,
      post({ source }),
    );
  }

  async uploadChartArchive(
    project: ProjectRef,
    archive: Blob,
    filename: string,
  ): Promise<ChartInfo> {
    const query = new URLSearchParams({ filename });
    return this.request(`${projectPath(project)}/helm/archives?${query}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/gzip' },
      body: archive,
    });
  }

  async validateChartValues(
    project: ProjectRef,
    digest: string,
    values: string,
  ): Promise<{
    valid: boolean;
    errors: Array<{ path: string; message: string }>;
  }> {
    return this.request(
      `${projectPath(project)}/helm/archives/${encodeURIComponent(
        digest,
      )}/validate`,
      post({ values }),
    );
  }

  async importCharts(
    project: ProjectRef,
    request: ChartImportRequest,
  ): Promise<ChartImportResult> {
    return this.request(`${projectPath(project)}/helm/import`, post(request));
  }

  async listServiceRevisions(
    project: ProjectRef,
    service: string,
  ): Promise<ServiceRevision[]> {
    const path = `${projectServicePath(project, service)}/revisions`;
    return (await this.request<Items<ServiceRevision>>(path)).items;
  }

  async addServiceRevision(
    project: ProjectRef,
    service: string,
    spec: ServiceSpec,
  ): Promise<ServiceRevision> {
    const path = `${projectServicePath(project, service)}/revisions`;
    return this.request(path, post({ spec }));
  }

  async getServiceChart(
    project: ProjectRef,
    service: string,
    revision?: number,
  ): Promise<ChartInfo & { revision: number }> {
    const query = revision === undefined ? '' : `?revision=${revision}`;
    return this.request(
      `${projectServicePath(project, service)}/chart${query}`,
    );
  }

  async listServiceChartVersions(
    project: ProjectRef,
    service: string,
  ): Promise<ChartVersionsAvailable> {
    return this.request(
      `${projectServicePath(project, service)}/chart/versions`,
    );
  }

  async upgradeServiceChart(
    project: ProjectRef,
    service: string,
    version: string,
  ): Promise<ServiceRevision> {
    return this.request(
      `${projectServicePath(project, service)}/chart/upgrade`,
      post({ version }),
    );
  }

  async syncServiceValues(
    project: ProjectRef,
    service: string,
  ): Promise<ValuesSyncResult> {
    return this.request(
      `${projectServicePath(project, service)}/values/sync`,
      post({}),
    );
  }

  async previewService(
    environmentId: string,
    service: string,
    settings: ProposedServiceSettings = {},
  ): Promise<ServicePreview> {
    return this.request(
      `${servicePath(environmentId, service)}/preview`,
      post(settings),
    );
  }

  async diffDeployments(
    id: string,
    service: string,
    from: string,
    to: string,
  ): Promise<DeploymentDiff> {
    const query = new URLSearchParams({ from, to });
    return this.request(
      `${servicePath(id, service)}/deployments/diff?${query}`,
    );
  }

  async getEnvironmentDrift(id: string): Promise<EnvironmentDrift> {
    return this.request(`${environmentPath(id)}/drift`);
  }

  async getServiceDrift(id: string, service: string): Promise<ServiceDrift> {
    return this.request(`${servicePath(id, service)}/drift`);
  }

  async previewEnvironmentValues(
    id: string,
    values: string,
  ): Promise<ValuesChangePreview> {
    return this.request(
      `${environmentPath(id)}/values/preview`,
      post({ values }),
    );
  }

  async setServiceRevision(
    id: string,
    service: string,
    options: { revision?: number; deploy?: boolean } = {},
  ): Promise<BerthEnvironment & { operation?: BerthOperation }> {
    return this.request(`${servicePath(id, service)}/revision`, {
      ...post(options),
      method: 'PUT',
    });
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
    return this.request(`${environmentPath(id)}/values`, {
      ...post({ values, ...options }),
      method: 'PUT',
    });
  }

  async copyEnvironment(
    id: string,
    request: CopyEnvironmentRequest,
  ): Promise<CopyEnvironmentResponse & { operation?: BerthOperation }> {
    return this.request(`${environmentPath(id)}/copy`, post(request));
  }

  async getEnvironmentSleep(id: string): Promise<EnvironmentSleep> {
    return this.request(`${environmentPath(id)}/sleep`);
  }

  async sleepEnvironment(
    id: string,
  ): Promise<EnvironmentSleep & OperationStarted> {
    return this.request(`${environmentPath(id)}/sleep`, post({}));
  }

  async wakeEnvironment(
    id: string,
  ): Promise<EnvironmentSleep & OperationStarted> {
    return this.request(`${environmentPath(id)}/wake`, post({}));
  }

  async setSleepSchedule(
    id: string,
    schedule: SetSleepScheduleRequest,
  ): Promise<SleepSchedule> {
    return this.request(`${environmentPath(id)}/sleep-schedule`, {
      ...post(schedule),
      method: 'PUT',
    });
  }

  async deleteSleepSchedule(id: string): Promise<void> {
    await this.request(`${environmentPath(id)}/sleep-schedule`, {
      method: 'DELETE',
    });
  }

  async listEnvironmentConfigs(id: string): Promise<EnvironmentConfig[]> {
    const path = `${environmentPath(id)}/configs`;
    return (await this.request<Items<EnvironmentConfig>>(path)).items;
  }

  async getEnvironmentConfig(
    id: string,
    kind: string,
    name: string,
  ): Promise<EnvironmentConfig> {
    return this.request(configPath(id, kind, name));
  }

  async createEnvironmentConfig(
    id: string,
    request: ApplyEnvironmentConfigRequest,
  ): Promise<EnvironmentConfigChangeResult> {
    return this.request(`${environmentPath(id)}/configs`, post(request));
  }

  async updateEnvironmentConfig(
    id: string,
    kind: string,
    name: string,
    request: ApplyEnvironmentConfigRequest,
  ): Promise<EnvironmentConfigChangeResult> {
    return this.request(configPath(id, kind, name), {
      ...post(request),
      method: 'PUT',
    });
  }

  async deleteEnvironmentConfig(
    id: string,
    kind: string,
    name: string,
    options: { restartDependents?: boolean } = {},
  ): Promise<EnvironmentConfigChangeResult> {
    const query = options.restartDependents ? '?restartDependents=true' : '';
    return this.request(`${configPath(id, kind, name)}${query}`, {
      method: 'DELETE',
    });
  }

  async listEnvironmentConfigHistory(
    id: string,
    filter: { kind?: string; name?: string } = {},
  ): Promise<EnvironmentConfigChange[]> {
    const query = new URLSearchParams();
    if (filter.kind) query.set('kind', filter.kind);
    if (filter.name) query.set('name', filter.name);
    const path = `${environmentPath(id)}/configs/history?${query}`;
    return (await this.request<Items<EnvironmentConfigChange>>(path)).items;
  }

  async listRegistries(): Promise<BerthRegistry[]> {
    return (await this.request<Items<BerthRegistry>>('/registries')).items;
  }

  async getEnvironmentRegistry(id: string): Promise<EnvironmentRegistry> {
    return this.request(`${environmentPath(id)}/registry`);
  }

  async setEnvironmentRegistry(
    id: string,
    registry: string | null,
  ): Promise<EnvironmentRegistry> {
    return this.request(`${environmentPath(id)}/registry`, {
      ...post({ registry }),
      method: 'PUT',
    });
  }

  async checkRollback(
    id: string,
    service: string,
    deploymentId: string,
  ): Promise<{ images: ImageCheck[] }> {
    return this.request(
      `${servicePath(id, service)}/rollback/check`,
      post({ deploymentId }),
    );
  }

  async rollbackService(
    id: string,
    service: string,
    deploymentId: string,
  ): Promise<RollbackResult & OperationStarted> {
    return this.request(
      `${servicePath(id, service)}/rollback`,
      post({ deploymentId }),
    );
  }

  async listEnvironmentOperations(
    environmentId: string,
    options: {
      status?: OperationStatus | OperationStatus[];
      limit?: number;
    } = {},
  ): Promise<BerthOperation[]> {
    const { status, limit } = options;
    const path = `${environmentPath(environmentId)}/operations${queryString({
      status: Array.isArray(status) ? status.join(',') : status,
      limit,
    })}`;
    return (await this.request<Items<BerthOperation>>(path)).items;
  }

  async listProjectOperations(
    project: ProjectRef,
    options: { limit?: number } = {},
  ): Promise<BerthOperation[]> {
    const path = `${projectPath(project)}/operations${queryString(options)}`;
    return (await this.request<Items<BerthOperation>>(path)).items;
  }

  async getOperation(
    environmentId: string,
    operationId: string,
  ): Promise<BerthOperation> {
    return this.request(operationPath(environmentId, operationId));
  }

  async cancelOperation(
    environmentId: string,
    operationId: string,
  ): Promise<BerthOperation> {
    return this.request(
      `${operationPath(environmentId, operationId)}/cancel`,
      post({}),
    );
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const response = await this.fetch(path, init);
    // A 204 has no body; a 202 carries the operation it started.
    const text = response.status === 204 ? '' : await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private async fetch(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.discovery.getBaseUrl('berth');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}

type Items<T> = { items: T[] };

function post(body: unknown): RequestInit {
  return {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  };
}

function projectPath(project: ProjectRef): string {
  return `/projects/${encodeURIComponent(
    project.namespace,
  )}/${encodeURIComponent(project.name)}`;
}

function projectServicePath(project: ProjectRef, service: string): string {
  return `${projectPath(project)}/services/${encodeURIComponent(service)}`;
}

function environmentPath(id: string): string {
  return `/environments/${encodeURIComponent(id)}`;
}

function operationPath(environmentId: string, operationId: string): string {
  return `${environmentPath(environmentId)}/operations/${encodeURIComponent(
    operationId,
  )}`;
}

/** `?a=1&b=2` of the options that are set, or '' when none is. */
function queryString(
  options: Record<string, string | number | undefined>,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined) params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function configPath(id: string, kind: string, name: string): string {
  return `${environmentPath(id)}/configs/${encodeURIComponent(
    kind,
  )}/${encodeURIComponent(name)}`;
}

function servicePath(id: string, service: string): string {
  return `${environmentPath(id)}/services/${encodeURIComponent(service)}`;
}
