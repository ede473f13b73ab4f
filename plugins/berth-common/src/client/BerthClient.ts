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
import { ImageRule } from '../imageRules';
import { ProposedServiceSettings, ServicePreview } from '../rendering';
import { BerthOperation, OperationStatus } from '../operations';
import { BerthCluster, BerthHealth } from '../types';
import {
  BerthSandbox,
  BerthSandboxDetails,
  CreateSandboxRequest,
  ExplainRouteRequest,
  ListSandboxesQuery,
  RouteExplanation,
  SandboxChange,
  SandboxReadiness,
  SandboxTraffic,
  UpdateSandboxRequest,
} from '../sandboxes';

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
import {
  BerthWorkflow,
  CreateWorkflowRequest,
  StartWorkflowRunRequest,
  UpdateWorkflowRequest,
  WorkflowApproval,
  WorkflowApprovalDecisionRequest,
  WorkflowLogChunk,
  WorkflowRevision,
  WorkflowRun,
  WorkflowRunStatus,
  WorkflowRunSummary,
  WorkflowTriggerDelivery,
} from '../workflows';
import { BerthRequests } from './BerthRequests';
import {
  componentPath,
  configPath,
  environmentPath,
  operationPath,
  projectPath,
  projectServicePath,
  queryString,
  sandboxPath,
  servicePath,
  workflowJobLogsPath,
  workflowPath,
  workflowRunPath,
} from './paths';

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
 * The workflow methods of Berth's REST API (issue #14), which BerthClient
 * implements besides {@link BerthApi}.
 *
 * @public
 */
export interface WorkflowsApi {
  /** A project's workflows the caller may read, each with its last run. */
  listWorkflows(project: ProjectRef): Promise<BerthWorkflow[]>;
  /** Creates a workflow (revision 1) from a definition object or YAML text. */
  createWorkflow(
    project: ProjectRef,
    request: CreateWorkflowRequest,
  ): Promise<BerthWorkflow>;
  getWorkflow(id: string): Promise<BerthWorkflow>;
  /** Saves a new revision (409 when `baseRevision` is not the newest). */
  updateWorkflow(
    id: string,
    request: UpdateWorkflowRequest,
  ): Promise<BerthWorkflow>;
  /** Deletes a workflow with its runs (active runs are cancelled). */
  deleteWorkflow(id: string): Promise<void>;
  /** Every saved definition, newest first. */
  listWorkflowRevisions(id: string): Promise<WorkflowRevision[]>;
  /** What the workflow's triggers received and why they started a run or not, newest first. */
  listWorkflowDeliveries(
    id: string,
    options?: { limit?: number },
  ): Promise<WorkflowTriggerDelivery[]>;
  /** Starts a run as the caller (needs deploy permission on its environments). */
  startWorkflowRun(
    workflowId: string,
    request?: StartWorkflowRunRequest,
  ): Promise<WorkflowRunSummary>;
  /** A workflow's runs, newest first. */
  listWorkflowRuns(
    workflowId: string,
    options?: { status?: WorkflowRunStatus[]; limit?: number },
  ): Promise<WorkflowRunSummary[]>;
  /** Runs the caller may read, newest first: of a project, of an environment, by status. */
  listRuns(options?: {
    projectRef?: string;
    environmentId?: string;
    status?: WorkflowRunStatus[];
    limit?: number;
  }): Promise<WorkflowRunSummary[]>;
  /** A run with its stages and jobs. */
  getWorkflowRun(runId: string): Promise<WorkflowRun>;
  cancelWorkflowRun(runId: string): Promise<WorkflowRunSummary>;
  /** Runs the failed jobs of a failed run again. */
  retryWorkflowRun(runId: string): Promise<WorkflowRunSummary>;
  /** A new run with the same params at the newest revision. */
  rerunWorkflowRun(runId: string): Promise<WorkflowRunSummary>;
  /** Starts a manual stage the run waits at. */
  continueWorkflowStage(
    runId: string,
    stage: string,
  ): Promise<WorkflowRunSummary>;
  /** Chunks of a job run's log after `after` (a chunk's sequence; all without it), oldest first. */
  getJobLogs(
    runId: string,
    jobRunId: string,
    after?: number,
  ): Promise<WorkflowLogChunk[]>;
  /**
   * The absolute URL of a job run's live log (server-sent events: `chunk`
   * events with a WorkflowLogChunk as data and its sequence as id, then
   * `end`; resumes after `Last-Event-ID` or `?after=`), for an EventSource.
   */
  streamJobLogsUrl(runId: string, jobRunId: string): Promise<string>;
  /** Opens the same stream through the authenticated fetch (the Response to read). */
  openWorkflowJobLogStream(
    runId: string,
    jobRunId: string,
    options?: { after?: number; signal?: AbortSignal },
  ): Promise<Response>;
  /** Approvals of runs the caller may read; `mine`: those the caller is an approver of. */
  listWorkflowApprovals(options?: {
    status?: WorkflowApproval['status'][];
    mine?: boolean;
  }): Promise<Array<WorkflowApproval & { run: WorkflowRunSummary }>>;
  /** Approves or rejects, with a comment. */
  decideWorkflowApproval(
    approvalId: string,
    request: WorkflowApprovalDecisionRequest,
  ): Promise<WorkflowApproval>;
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
  /** Where the project's charts keep their images; an empty list goes back to the defaults. */
  setProjectImageRules(
    project: ProjectRef,
    rules: ImageRule[],
  ): Promise<BerthProject>;
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
 * The sandbox methods of Berth's REST API (issue #15), which BerthClient
 * implements besides {@link BerthApi}.
 *
 * @public
 */
export interface SandboxesApi {
  /** The sandboxes of a base environment the caller may read. */
  listEnvironmentSandboxes(environmentId: string): Promise<BerthSandbox[]>;
  /** Creates a sandbox of a base environment: an operation (namespace, placeholders, forks, routes). */
  createSandbox(
    environmentId: string,
    request: CreateSandboxRequest,
  ): Promise<SandboxChange>;
  /** Whether a base environment can take sandboxes, and what is missing. */
  getSandboxReadiness(environmentId: string): Promise<SandboxReadiness>;
  /** Which backend a request to a service of the environment reaches with these headers, and why. */
  explainRoute(
    environmentId: string,
    request: ExplainRouteRequest,
  ): Promise<RouteExplanation>;
  /** Sandboxes the caller may read, across projects (`mine`: only the caller's own). */
  listSandboxes(query?: ListSandboxesQuery): Promise<BerthSandbox[]>;
  getSandbox(id: string): Promise<BerthSandboxDetails>;
  /** Extends its life (from now) or changes its forks (an operation). */
  updateSandbox(
    id: string,
    request: UpdateSandboxRequest,
  ): Promise<SandboxChange>;
  /** Deletes it: routes first, then the namespace; an operation. */
  deleteSandbox(id: string): Promise<SandboxChange>;
  /** Which services requests with the sandbox's key last reached (read from the cluster's traffic source now). */
  getSandboxTraffic(id: string): Promise<SandboxTraffic>;
}

/**
 * A typed client for the Berth backend's REST API.
 *
 * @public
 */
export class BerthClient implements BerthApi, WorkflowsApi, SandboxesApi {
  private readonly http: BerthRequests;

  constructor(options: { discoveryApi: BerthDiscovery; fetchApi: BerthFetch }) {
    this.http = new BerthRequests(options.discoveryApi, options.fetchApi);
  }

  async getHealth(): Promise<BerthHealth> {
    return this.http.get('/health');
  }

  async listClusters(): Promise<BerthCluster[]> {
    return this.http.list('/clusters');
  }

  async listProjects(): Promise<BerthProject[]> {
    return this.http.list('/projects');
  }

  async getProject(project: ProjectRef): Promise<BerthProject> {
    return this.http.get(projectPath(project));
  }

  async setProjectImageRules(
    project: ProjectRef,
    rules: ImageRule[],
  ): Promise<BerthProject> {
    return this.http.send('PUT', `${projectPath(project)}/image-rules`, {
      rules,
    });
  }

  async listEnvironments(project: ProjectRef): Promise<BerthEnvironment[]> {
    return this.http.list(`${projectPath(project)}/environments`);
  }

  async createEnvironments(
    project: ProjectRef,
    environments: CreateEnvironmentRequest[],
  ): Promise<CreatedEnvironments> {
    const path = `${projectPath(project)}/environments`;
    const answer = await this.http.send<CreatedEnvironments>('POST', path, {
      environments,
    });
    return { items: answer.items, operations: answer.operations ?? [] };
  }

  async getEnvironment(id: string): Promise<BerthEnvironment> {
    return this.http.get(environmentPath(id));
  }

  async getEnvironmentStatus(id: string): Promise<EnvironmentStatus> {
    return this.http.get(`${environmentPath(id)}/status`);
  }

  async deployEnvironment(id: string): Promise<OperationStarted> {
    return this.http.send('POST', `${environmentPath(id)}/deploy`, {});
  }

  async deployService(
    id: string,
    service: string,
    settings: EnvironmentServiceSettings,
  ): Promise<OperationStarted> {
    return this.http.send(
      'POST',
      `${servicePath(id, service)}/deploy`,
      settings,
    );
  }

  async restartService(id: string, service: string): Promise<void> {
    await this.http.send('POST', `${servicePath(id, service)}/restart`, {});
  }

  async scaleService(
    id: string,
    service: string,
    replicas: number,
  ): Promise<void> {
    const path = `${servicePath(id, service)}/scale`;
    await this.http.send('POST', path, { replicas });
  }

  async deleteEnvironment(
    id: string,
    options: { keepResources?: boolean } = {},
  ): Promise<OperationStarted> {
    const query = queryString({ keepResources: options.keepResources });
    return this.http.send('DELETE', `${environmentPath(id)}${query}`);
  }

  async listDeployments(
    id: string,
    options: { service?: string } = {},
  ): Promise<DeploymentRecord[]> {
    const query = queryString({ service: options.service || undefined });
    return this.http.list(`${environmentPath(id)}/deployments${query}`);
  }

  async listPods(id: string): Promise<PodSummary[]> {
    return this.http.list(`${environmentPath(id)}/pods`);
  }

  async listEvents(id: string): Promise<EventSummary[]> {
    return this.http.list(`${environmentPath(id)}/events`);
  }

  async getPodLogs(
    id: string,
    pod: string,
    options: { container?: string; tailLines?: number } = {},
  ): Promise<string> {
    const query = queryString({
      container: options.container || undefined,
      tailLines: options.tailLines || undefined,
    });
    const pods = `${environmentPath(id)}/pods`;
    const response = await this.http.fetch(
      `${pods}/${encodeURIComponent(pod)}/logs${query}`,
    );
    return response.text();
  }

  async getReleaseMatrix(project: ProjectRef): Promise<ReleaseMatrix> {
    return this.http.get(`${projectPath(project)}/matrix`);
  }

  async listComponentDeployments(
    component: ProjectRef,
  ): Promise<ComponentDeployment[]> {
    return this.http.list(`${componentPath(component)}/deployments`);
  }

  async listHelmRepositories(): Promise<HelmRepositorySummary[]> {
    return this.http.list('/helm/repositories');
  }

  async listHelmRegistries(): Promise<HelmRegistrySummary[]> {
    return this.http.list('/helm/registries');
  }

  async listRepositoryCharts(
    project: ProjectRef,
    repository: { repository: string } | { url: string },
  ): Promise<ChartListing[]> {
    const query = queryString(repository);
    return this.http.list(`${projectPath(project)}/helm/charts${query}`);
  }

  async listGitCharts(
    project: ProjectRef,
    url: string,
  ): Promise<GitChartDirectory[]> {
    const path = `${projectPath(project)}/helm/git/charts`;
    return (
      await this.http.send<Items<GitChartDirectory>>('POST', path, { url })
    ).items;
  }

  async inspectChart(
    project: ProjectRef,
    source: ChartImportSource,
  ): Promise<ChartInfo> {
    const path = `${projectPath(project)}/helm/inspect`;
    return this.http.send('POST', path, { source });
  }

  async uploadChartArchive(
    project: ProjectRef,
    archive: Blob,
    filename: string,
  ): Promise<ChartInfo> {
    const query = queryString({ filename });
    return this.http.json(`${projectPath(project)}/helm/archives${query}`, {
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
    const archive = `${projectPath(project)}/helm/archives/${encodeURIComponent(
      digest,
    )}`;
    return this.http.send('POST', `${archive}/validate`, { values });
  }

  async importCharts(
    project: ProjectRef,
    request: ChartImportRequest,
  ): Promise<ChartImportResult> {
    return this.http.send(
      'POST',
      `${projectPath(project)}/helm/import`,
      request,
    );
  }

  async listServiceRevisions(
    project: ProjectRef,
    service: string,
  ): Promise<ServiceRevision[]> {
    return this.http.list(`${projectServicePath(project, service)}/revisions`);
  }

  async addServiceRevision(
    project: ProjectRef,
    service: string,
    spec: ServiceSpec,
  ): Promise<ServiceRevision> {
    const path = `${projectServicePath(project, service)}/revisions`;
    return this.http.send('POST', path, { spec });
  }

  async getServiceChart(
    project: ProjectRef,
    service: string,
    revision?: number,
  ): Promise<ChartInfo & { revision: number }> {
    const query = queryString({ revision });
    return this.http.get(
      `${projectServicePath(project, service)}/chart${query}`,
    );
  }

  async listServiceChartVersions(
    project: ProjectRef,
    service: string,
  ): Promise<ChartVersionsAvailable> {
    return this.http.get(
      `${projectServicePath(project, service)}/chart/versions`,
    );
  }

  async upgradeServiceChart(
    project: ProjectRef,
    service: string,
    version: string,
  ): Promise<ServiceRevision> {
    const path = `${projectServicePath(project, service)}/chart/upgrade`;
    return this.http.send('POST', path, { version });
  }

  async syncServiceValues(
    project: ProjectRef,
    service: string,
  ): Promise<ValuesSyncResult> {
    const path = `${projectServicePath(project, service)}/values/sync`;
    return this.http.send('POST', path, {});
  }

  async previewService(
    environmentId: string,
    service: string,
    settings: ProposedServiceSettings = {},
  ): Promise<ServicePreview> {
    const path = `${servicePath(environmentId, service)}/preview`;
    return this.http.send('POST', path, settings);
  }

  async diffDeployments(
    id: string,
    service: string,
    from: string,
    to: string,
  ): Promise<DeploymentDiff> {
    const query = queryString({ from, to });
    return this.http.get(
      `${servicePath(id, service)}/deployments/diff${query}`,
    );
  }

  async getEnvironmentDrift(id: string): Promise<EnvironmentDrift> {
    return this.http.get(`${environmentPath(id)}/drift`);
  }

  async getServiceDrift(id: string, service: string): Promise<ServiceDrift> {
    return this.http.get(`${servicePath(id, service)}/drift`);
  }

  async previewEnvironmentValues(
    id: string,
    values: string,
  ): Promise<ValuesChangePreview> {
    const path = `${environmentPath(id)}/values/preview`;
    return this.http.send('POST', path, { values });
  }

  async setServiceRevision(
    id: string,
    service: string,
    options: { revision?: number; deploy?: boolean } = {},
  ): Promise<BerthEnvironment & { operation?: BerthOperation }> {
    return this.http.send(
      'PUT',
      `${servicePath(id, service)}/revision`,
      options,
    );
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
    return this.http.send('PUT', `${environmentPath(id)}/values`, {
      values,
      ...options,
    });
  }

  async copyEnvironment(
    id: string,
    request: CopyEnvironmentRequest,
  ): Promise<CopyEnvironmentResponse & { operation?: BerthOperation }> {
    return this.http.send('POST', `${environmentPath(id)}/copy`, request);
  }

  async getEnvironmentSleep(id: string): Promise<EnvironmentSleep> {
    return this.http.get(`${environmentPath(id)}/sleep`);
  }

  async sleepEnvironment(
    id: string,
  ): Promise<EnvironmentSleep & OperationStarted> {
    return this.http.send('POST', `${environmentPath(id)}/sleep`, {});
  }

  async wakeEnvironment(
    id: string,
  ): Promise<EnvironmentSleep & OperationStarted> {
    return this.http.send('POST', `${environmentPath(id)}/wake`, {});
  }

  async setSleepSchedule(
    id: string,
    schedule: SetSleepScheduleRequest,
  ): Promise<SleepSchedule> {
    const path = `${environmentPath(id)}/sleep-schedule`;
    return this.http.send('PUT', path, schedule);
  }

  async deleteSleepSchedule(id: string): Promise<void> {
    await this.http.send('DELETE', `${environmentPath(id)}/sleep-schedule`);
  }

  async listEnvironmentConfigs(id: string): Promise<EnvironmentConfig[]> {
    return this.http.list(`${environmentPath(id)}/configs`);
  }

  async getEnvironmentConfig(
    id: string,
    kind: string,
    name: string,
  ): Promise<EnvironmentConfig> {
    return this.http.get(configPath(id, kind, name));
  }

  async createEnvironmentConfig(
    id: string,
    request: ApplyEnvironmentConfigRequest,
  ): Promise<EnvironmentConfigChangeResult> {
    return this.http.send('POST', `${environmentPath(id)}/configs`, request);
  }

  async updateEnvironmentConfig(
    id: string,
    kind: string,
    name: string,
    request: ApplyEnvironmentConfigRequest,
  ): Promise<EnvironmentConfigChangeResult> {
    return this.http.send('PUT', configPath(id, kind, name), request);
  }

  async deleteEnvironmentConfig(
    id: string,
    kind: string,
    name: string,
    options: { restartDependents?: boolean } = {},
  ): Promise<EnvironmentConfigChangeResult> {
    const query = queryString({
      restartDependents: options.restartDependents,
    });
    return this.http.send('DELETE', `${configPath(id, kind, name)}${query}`);
  }

  async listEnvironmentConfigHistory(
    id: string,
    filter: { kind?: string; name?: string } = {},
  ): Promise<EnvironmentConfigChange[]> {
    const query = queryString({
      kind: filter.kind || undefined,
      name: filter.name || undefined,
    });
    return this.http.list(`${environmentPath(id)}/configs/history${query}`);
  }

  async listRegistries(): Promise<BerthRegistry[]> {
    return this.http.list('/registries');
  }

  async getEnvironmentRegistry(id: string): Promise<EnvironmentRegistry> {
    return this.http.get(`${environmentPath(id)}/registry`);
  }

  async setEnvironmentRegistry(
    id: string,
    registry: string | null,
  ): Promise<EnvironmentRegistry> {
    return this.http.send('PUT', `${environmentPath(id)}/registry`, {
      registry,
    });
  }

  async checkRollback(
    id: string,
    service: string,
    deploymentId: string,
  ): Promise<{ images: ImageCheck[] }> {
    const path = `${servicePath(id, service)}/rollback/check`;
    return this.http.send('POST', path, { deploymentId });
  }

  async rollbackService(
    id: string,
    service: string,
    deploymentId: string,
  ): Promise<RollbackResult & OperationStarted> {
    const path = `${servicePath(id, service)}/rollback`;
    return this.http.send('POST', path, { deploymentId });
  }

  async listEnvironmentOperations(
    environmentId: string,
    options: {
      status?: OperationStatus | OperationStatus[];
      limit?: number;
    } = {},
  ): Promise<BerthOperation[]> {
    const { status, limit } = options;
    const query = queryString({
      status: Array.isArray(status) ? status.join(',') : status,
      limit,
    });
    return this.http.list(
      `${environmentPath(environmentId)}/operations${query}`,
    );
  }

  async listProjectOperations(
    project: ProjectRef,
    options: { limit?: number } = {},
  ): Promise<BerthOperation[]> {
    const query = queryString({ limit: options.limit });
    return this.http.list(`${projectPath(project)}/operations${query}`);
  }

  async getOperation(
    environmentId: string,
    operationId: string,
  ): Promise<BerthOperation> {
    return this.http.get(operationPath(environmentId, operationId));
  }

  async cancelOperation(
    environmentId: string,
    operationId: string,
  ): Promise<BerthOperation> {
    const path = `${operationPath(environmentId, operationId)}/cancel`;
    return this.http.send('POST', path, {});
  }

  async listWorkflows(project: ProjectRef): Promise<BerthWorkflow[]> {
    return this.http.list(`${projectPath(project)}/workflows`);
  }

  async createWorkflow(
    project: ProjectRef,
    request: CreateWorkflowRequest,
  ): Promise<BerthWorkflow> {
    return this.http.send('POST', `${projectPath(project)}/workflows`, request);
  }

  async getWorkflow(id: string): Promise<BerthWorkflow> {
    return this.http.get(workflowPath(id));
  }

  async updateWorkflow(
    id: string,
    request: UpdateWorkflowRequest,
  ): Promise<BerthWorkflow> {
    return this.http.send('PUT', workflowPath(id), request);
  }

  async deleteWorkflow(id: string): Promise<void> {
    await this.http.send('DELETE', workflowPath(id));
  }

  async listWorkflowRevisions(id: string): Promise<WorkflowRevision[]> {
    return this.http.list(`${workflowPath(id)}/revisions`);
  }

  async listWorkflowDeliveries(
    id: string,
    options: { limit?: number } = {},
  ): Promise<WorkflowTriggerDelivery[]> {
    const query = queryString({ limit: options.limit });
    return this.http.list(`${workflowPath(id)}/deliveries${query}`);
  }

  async startWorkflowRun(
    workflowId: string,
    request: StartWorkflowRunRequest = {},
  ): Promise<WorkflowRunSummary> {
    return this.http.send('POST', `${workflowPath(workflowId)}/runs`, request);
  }

  async listWorkflowRuns(
    workflowId: string,
    options: { status?: WorkflowRunStatus[]; limit?: number } = {},
  ): Promise<WorkflowRunSummary[]> {
    const query = queryString({
      status: options.status?.join(','),
      limit: options.limit,
    });
    return this.http.list(`${workflowPath(workflowId)}/runs${query}`);
  }

  async listRuns(
    options: {
      projectRef?: string;
      environmentId?: string;
      status?: WorkflowRunStatus[];
      limit?: number;
    } = {},
  ): Promise<WorkflowRunSummary[]> {
    const query = queryString({
      projectRef: options.projectRef,
      environmentId: options.environmentId,
      status: options.status?.join(','),
      limit: options.limit,
    });
    return this.http.list(`/workflow-runs${query}`);
  }

  async getWorkflowRun(runId: string): Promise<WorkflowRun> {
    return this.http.get(workflowRunPath(runId));
  }

  async cancelWorkflowRun(runId: string): Promise<WorkflowRunSummary> {
    return this.http.send('POST', `${workflowRunPath(runId)}/cancel`, {});
  }

  async retryWorkflowRun(runId: string): Promise<WorkflowRunSummary> {
    return this.http.send('POST', `${workflowRunPath(runId)}/retry`, {});
  }

  async rerunWorkflowRun(runId: string): Promise<WorkflowRunSummary> {
    return this.http.send('POST', `${workflowRunPath(runId)}/rerun`, {});
  }

  async continueWorkflowStage(
    runId: string,
    stage: string,
  ): Promise<WorkflowRunSummary> {
    const path = `${workflowRunPath(runId)}/stages/${encodeURIComponent(
      stage,
    )}/continue`;
    return this.http.send('POST', path, {});
  }

  async getJobLogs(
    runId: string,
    jobRunId: string,
    after?: number,
  ): Promise<WorkflowLogChunk[]> {
    const query = queryString({ after });
    return this.http.list(`${workflowJobLogsPath(runId, jobRunId)}${query}`);
  }

  async streamJobLogsUrl(runId: string, jobRunId: string): Promise<string> {
    return this.http.url(`${workflowJobLogsPath(runId, jobRunId)}/stream`);
  }

  async openWorkflowJobLogStream(
    runId: string,
    jobRunId: string,
    options: { after?: number; signal?: AbortSignal } = {},
  ): Promise<Response> {
    const query = queryString({ after: options.after });
    return this.http.fetch(
      `${workflowJobLogsPath(runId, jobRunId)}/stream${query}`,
      { headers: { Accept: 'text/event-stream' }, signal: options.signal },
    );
  }

  async listWorkflowApprovals(
    options: { status?: WorkflowApproval['status'][]; mine?: boolean } = {},
  ): Promise<Array<WorkflowApproval & { run: WorkflowRunSummary }>> {
    const query = queryString({
      status: options.status?.join(','),
      mine: options.mine,
    });
    return this.http.list(`/workflow-approvals${query}`);
  }

  async decideWorkflowApproval(
    approvalId: string,
    request: WorkflowApprovalDecisionRequest,
  ): Promise<WorkflowApproval> {
    const path = `/workflow-approvals/${encodeURIComponent(
      approvalId,
    )}/decision`;
    return this.http.send('POST', path, request);
  }
  async listEnvironmentSandboxes(
    environmentId: string,
  ): Promise<BerthSandbox[]> {
    return this.http.list(`${environmentPath(environmentId)}/sandboxes`);
  }

  async createSandbox(
    environmentId: string,
    request: CreateSandboxRequest,
  ): Promise<SandboxChange> {
    return this.http.send(
      'POST',
      `${environmentPath(environmentId)}/sandboxes`,
      request,
    );
  }

  async getSandboxReadiness(environmentId: string): Promise<SandboxReadiness> {
    return this.http.get(`${environmentPath(environmentId)}/sandbox-readiness`);
  }

  async explainRoute(
    environmentId: string,
    request: ExplainRouteRequest,
  ): Promise<RouteExplanation> {
    return this.http.send(
      'POST',
      `${environmentPath(environmentId)}/explain-route`,
      request,
    );
  }

  async listSandboxes(query: ListSandboxesQuery = {}): Promise<BerthSandbox[]> {
    const search = queryString({
      mine: query.mine ? 'true' : undefined,
      projectRef: query.projectRef,
    });
    return this.http.list(`/sandboxes${search}`);
  }

  async getSandbox(id: string): Promise<BerthSandboxDetails> {
    return this.http.get(sandboxPath(id));
  }

  async updateSandbox(
    id: string,
    request: UpdateSandboxRequest,
  ): Promise<SandboxChange> {
    return this.http.send('PATCH', sandboxPath(id), request);
  }

  async deleteSandbox(id: string): Promise<SandboxChange> {
    return this.http.send('DELETE', sandboxPath(id));
  }

  async getSandboxTraffic(id: string): Promise<SandboxTraffic> {
    return this.http.get(`${sandboxPath(id)}/traffic`);
  }
}

type Items<T> = { items: T[] };
