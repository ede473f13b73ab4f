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
import { BerthCluster, BerthHealth } from '../types';

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
  /** Creates one or several environments in one request. */
  createEnvironments(
    project: ProjectRef,
    environments: CreateEnvironmentRequest[],
  ): Promise<BerthEnvironment[]>;
  getEnvironment(id: string): Promise<BerthEnvironment>;
  getEnvironmentStatus(id: string): Promise<EnvironmentStatus>;
  /** Deploys every service in start order; returns when the deploy has started. */
  deployEnvironment(id: string): Promise<void>;
  /** Deploys or updates one service (revision, values, images). */
  deployService(
    id: string,
    service: string,
    settings: EnvironmentServiceSettings,
  ): Promise<void>;
  restartService(id: string, service: string): Promise<void>;
  scaleService(id: string, service: string, replicas: number): Promise<void>;
  deleteEnvironment(
    id: string,
    options?: { keepResources?: boolean },
  ): Promise<void>;
  listDeployments(id: string): Promise<DeploymentRecord[]>;
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

  // Helm import (issue #5)
  /** The chart repositories configured in Berth (never their credentials). */
  listHelmRepositories(): Promise<HelmRepositorySummary[]>;
  /** The OCI registries configured in Berth (never their credentials). */
  listHelmRegistries(): Promise<HelmRegistrySummary[]>;
  /** The charts of a repository: a configured one by name, or any by URL. */
  listRepositoryCharts(
    repository: { repository: string } | { url: string },
  ): Promise<ChartListing[]>;
  /** The chart folders of a Git tree (read through the URL readers). */
  listGitCharts(url: string): Promise<GitChartDirectory[]>;
  /** Reads a chart (metadata, dependencies, values, schema) without storing anything. */
  inspectChart(source: ChartImportSource): Promise<ChartInfo>;
  /** Uploads a chart archive (.tgz); import it then with `{ type: 'archive', digest }`. */
  uploadChartArchive(archive: Blob, filename: string): Promise<ChartInfo>;
  /** Checks values (YAML) against an archive's values.schema.json, merged over its values.yaml. */
  validateChartValues(
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
  ): Promise<BerthEnvironment[]> {
    const path = `${projectPath(project)}/environments`;
    const body = { environments };
    return (await this.request<Items<BerthEnvironment>>(path, post(body)))
      .items;
  }

  async getEnvironment(id: string): Promise<BerthEnvironment> {
    return this.request(environmentPath(id));
  }

  async getEnvironmentStatus(id: string): Promise<EnvironmentStatus> {
    return this.request(`${environmentPath(id)}/status`);
  }

  async deployEnvironment(id: string): Promise<void> {
    await this.request(`${environmentPath(id)}/deploy`, post({}));
  }

  async deployService(
    id: string,
    service: string,
    settings: EnvironmentServiceSettings,
  ): Promise<void> {
    await this.request(`${servicePath(id, service)}/deploy`, post(settings));
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
  ): Promise<void> {
    const query = options.keepResources ? '?keepResources=true' : '';
    await this.request(`${environmentPath(id)}${query}`, { method: 'DELETE' });
  }

  async listDeployments(id: string): Promise<DeploymentRecord[]> {
    const path = `${environmentPath(id)}/deployments`;
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
    repository: { repository: string } | { url: string },
  ): Promise<ChartListing[]> {
    const query = new URLSearchParams(repository);
    return (await this.request<Items<ChartListing>>(`/helm/charts?${query}`))
      .items;
  }

  async listGitCharts(url: string): Promise<GitChartDirectory[]> {
    return (
      await this.request<Items<GitChartDirectory>>(
        '/helm/git/charts',
        post({ url }),
      )
    ).items;
  }

  async inspectChart(source: ChartImportSource): Promise<ChartInfo> {
    return this.request('/helm/inspect', post({ source }));
  }

  async uploadChartArchive(
    archive: Blob,
    filename: string,
  ): Promise<ChartInfo> {
    const query = new URLSearchParams({ filename });
    return this.request(`/helm/archives?${query}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/gzip' },
      body: archive,
    });
  }

  async validateChartValues(
    digest: string,
    values: string,
  ): Promise<{
    valid: boolean;
    errors: Array<{ path: string; message: string }>;
  }> {
    return this.request(
      `/helm/archives/${encodeURIComponent(digest)}/validate`,
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

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const response = await this.fetch(path, init);
    if (response.status === 202 || response.status === 204) {
      return undefined as T;
    }
    return (await response.json()) as T;
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

function servicePath(id: string, service: string): string {
  return `${environmentPath(id)}/services/${encodeURIComponent(service)}`;
}
