import { BerthClient } from '@berth/plugin-berth-common';
import express from 'express';
import { routerWithStubServices } from '../__testUtils__/routerWithStubServices';
import { spec as generatedSpec } from './openapi/generated';
import {
  matchesTemplate,
  readOpenApiDocument,
  specOperations,
  toExpressPath,
} from './openapiSpec';

/**
 * The contract (openapi.yaml) against the code on both sides: the express
 * router must serve exactly the operations of the spec, and BerthClient may
 * only call operations of the spec (with query parameters it declares).
 */

const operations = specOperations(readOpenApiDocument());

/** `GET /environments/:id` for every route of an express router, nested routers included. */
function registeredRoutes(router: express.Router): string[] {
  const found: string[] = [];
  const walk = (stack: any[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) {
          if (method === '_all') continue;
          found.push(`${method.toUpperCase()} ${layer.route.path}`);
        }
      } else if (layer.handle?.stack) {
        // Berth mounts its route groups without a path prefix.
        if (!layer.regexp?.fast_slash) {
          throw new Error(
            `A router mounted under ${layer.regexp}: unsupported`,
          );
        }
        walk(layer.handle.stack);
      }
    }
  };
  walk((router as any).stack);
  return found;
}

describe('the OpenAPI contract', () => {
  it('is what the generated router was generated from (else run `yarn openapi:generate`)', () => {
    expect(generatedSpec).toEqual(readOpenApiDocument());
  });

  it('has a unique operationId for every operation', () => {
    const ids = operations.map(o => o.operationId);
    expect(ids.filter(id => !id)).toEqual([]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('describes exactly the routes the router serves', async () => {
    const served = new Set(registeredRoutes(await routerWithStubServices()));
    // The generated router serves the spec itself.
    served.delete('GET /openapi.json');
    const specified = new Set(
      operations.map(o => `${o.method} ${toExpressPath(o.path)}`),
    );

    const notInSpec = [...served].filter(r => !specified.has(r)).sort();
    const notServed = [...specified].filter(r => !served.has(r)).sort();

    expect({ notInSpec, notServed }).toEqual({ notInSpec: [], notServed: [] });
    expect(served.size).toBe(operations.length);
  });
});

describe('BerthClient against the contract', () => {
  const baseUrl = 'http://berth.test/api/berth';
  const calls: Array<{ method: string; url: string }> = [];
  const fetchApi = {
    fetch: (async (url: string, init?: RequestInit) => {
      calls.push({ method: init?.method ?? 'GET', url });
      return new Response(JSON.stringify({ items: [] }), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      });
    }) as typeof fetch,
  };
  const client = new BerthClient({
    discoveryApi: { getBaseUrl: async () => baseUrl },
    fetchApi,
  });

  const project = { namespace: 'default', name: 'shop' };
  const digest = 'a'.repeat(64);
  const operationId = '7b0c2a8e-0f4e-4c1e-9d36-8f1c2a3b4c5d';
  const workflowId = '1b0c2a8e-0f4e-4c1e-9d36-8f1c2a3b4c5d';
  const runId = '2b0c2a8e-0f4e-4c1e-9d36-8f1c2a3b4c5d';
  const jobRunId = '3b0c2a8e-0f4e-4c1e-9d36-8f1c2a3b4c5d';
  const sandboxId = '4b0c2a8e-0f4e-4c1e-9d36-8f1c2a3b4c5d';

  /** One call of each client method, with every optional argument set. */
  const scenarios: Record<string, () => Promise<unknown>> = {
    getHealth: () => client.getHealth(),
    listClusters: () => client.listClusters(),
    listProjects: () => client.listProjects(),
    getProject: () => client.getProject(project),
    setProjectImageRules: () =>
      client.setProjectImageRules(project, [{ repository: 'image' }]),
    listEnvironments: () => client.listEnvironments(project),
    createEnvironments: () =>
      client.createEnvironments(project, [
        { name: 'dev', cluster: 'local', tier: 'development' },
      ]),
    getEnvironment: () => client.getEnvironment('env-1'),
    getEnvironmentStatus: () => client.getEnvironmentStatus('env-1'),
    deployEnvironment: () => client.deployEnvironment('env-1'),
    deployService: () => client.deployService('env-1', 'web', {}),
    restartService: () => client.restartService('env-1', 'web'),
    scaleService: () => client.scaleService('env-1', 'web', 2),
    deleteEnvironment: () =>
      client.deleteEnvironment('env-1', { keepResources: true }),
    listDeployments: () => client.listDeployments('env-1', { service: 'web' }),
    listPods: () => client.listPods('env-1'),
    listEvents: () => client.listEvents('env-1'),
    getPodLogs: () =>
      client.getPodLogs('env-1', 'web-0', { container: 'web', tailLines: 10 }),
    getReleaseMatrix: () => client.getReleaseMatrix(project),
    listComponentDeployments: () =>
      client.listComponentDeployments({ namespace: 'default', name: 'web' }),
    listHelmRepositories: () => client.listHelmRepositories(),
    listHelmRegistries: () => client.listHelmRegistries(),
    listRepositoryCharts: () =>
      client.listRepositoryCharts(project, { repository: 'bitnami' }),
    listGitCharts: () =>
      client.listGitCharts(project, 'https://git.test/charts.git'),
    inspectChart: () =>
      client.inspectChart(project, { type: 'archive', digest: digest }),
    uploadChartArchive: () =>
      client.uploadChartArchive(project, new Blob(['x']), 'web-1.0.0.tgz'),
    validateChartValues: () =>
      client.validateChartValues(project, digest, 'a: 1'),
    importCharts: () =>
      client.importCharts(project, {
        items: [{ source: { type: 'archive', digest } }],
      }),
    listServiceRevisions: () => client.listServiceRevisions(project, 'web'),
    addServiceRevision: () =>
      client.addServiceRevision(project, 'web', {
        kind: 'manifests',
        manifests: '',
        variables: [],
      }),
    getServiceChart: () => client.getServiceChart(project, 'web', 2),
    listServiceChartVersions: () =>
      client.listServiceChartVersions(project, 'web'),
    upgradeServiceChart: () =>
      client.upgradeServiceChart(project, 'web', '1.2.0'),
    syncServiceValues: () => client.syncServiceValues(project, 'web'),
    previewService: () => client.previewService('env-1', 'web', {}),
    diffDeployments: () => client.diffDeployments('env-1', 'web', 'a', 'b'),
    getEnvironmentDrift: () => client.getEnvironmentDrift('env-1'),
    getServiceDrift: () => client.getServiceDrift('env-1', 'web'),
    previewEnvironmentValues: () =>
      client.previewEnvironmentValues('env-1', 'a: 1'),
    setServiceRevision: () =>
      client.setServiceRevision('env-1', 'web', { revision: 2, deploy: true }),
    setEnvironmentValues: () =>
      client.setEnvironmentValues('env-1', 'a: 1', { redeploy: true }),
    copyEnvironment: () => client.copyEnvironment('env-1', { name: 'copy' }),
    getEnvironmentSleep: () => client.getEnvironmentSleep('env-1'),
    sleepEnvironment: () => client.sleepEnvironment('env-1'),
    wakeEnvironment: () => client.wakeEnvironment('env-1'),
    setSleepSchedule: () =>
      client.setSleepSchedule('env-1', { sleepCron: '0 20 * * *' }),
    deleteSleepSchedule: () => client.deleteSleepSchedule('env-1'),
    listEnvironmentConfigs: () => client.listEnvironmentConfigs('env-1'),
    getEnvironmentConfig: () =>
      client.getEnvironmentConfig('env-1', 'ConfigMap', 'settings'),
    createEnvironmentConfig: () =>
      client.createEnvironmentConfig('env-1', { object: {} }),
    updateEnvironmentConfig: () =>
      client.updateEnvironmentConfig('env-1', 'ConfigMap', 'settings', {
        object: {},
      }),
    deleteEnvironmentConfig: () =>
      client.deleteEnvironmentConfig('env-1', 'ConfigMap', 'settings', {
        restartDependents: true,
      }),
    listEnvironmentConfigHistory: () =>
      client.listEnvironmentConfigHistory('env-1', {
        kind: 'ConfigMap',
        name: 'settings',
      }),
    listRegistries: () => client.listRegistries(),
    getEnvironmentRegistry: () => client.getEnvironmentRegistry('env-1'),
    setEnvironmentRegistry: () =>
      client.setEnvironmentRegistry('env-1', 'mirror'),
    checkRollback: () => client.checkRollback('env-1', 'web', 'dep-1'),
    rollbackService: () => client.rollbackService('env-1', 'web', 'dep-1'),
    listEnvironmentOperations: () =>
      client.listEnvironmentOperations('env-1', {
        status: ['queued', 'running'],
        limit: 5,
      }),
    listProjectOperations: () =>
      client.listProjectOperations(project, { limit: 5 }),
    getOperation: () => client.getOperation('env-1', operationId),
    cancelOperation: () => client.cancelOperation('env-1', operationId),
    listWorkflows: () => client.listWorkflows(project),
    createWorkflow: () =>
      client.createWorkflow(project, { name: 'ship', yaml: 'stages: []' }),
    getWorkflow: () => client.getWorkflow(workflowId),
    updateWorkflow: () =>
      client.updateWorkflow(workflowId, { enabled: false, baseRevision: 1 }),
    deleteWorkflow: () => client.deleteWorkflow(workflowId),
    listWorkflowRevisions: () => client.listWorkflowRevisions(workflowId),
    listWorkflowDeliveries: () =>
      client.listWorkflowDeliveries(workflowId, { limit: 5 }),
    startWorkflowRun: () =>
      client.startWorkflowRun(workflowId, { params: { env: 'dev' } }),
    listWorkflowRuns: () =>
      client.listWorkflowRuns(workflowId, {
        status: ['failed'],
        limit: 5,
      }),
    listRuns: () =>
      client.listRuns({
        projectRef: 'system:default/shop',
        environmentId: 'env-1',
        status: ['running'],
        limit: 5,
      }),
    getWorkflowRun: () => client.getWorkflowRun(runId),
    cancelWorkflowRun: () => client.cancelWorkflowRun(runId),
    retryWorkflowRun: () => client.retryWorkflowRun(runId),
    rerunWorkflowRun: () => client.rerunWorkflowRun(runId),
    continueWorkflowStage: () => client.continueWorkflowStage(runId, 'ship'),
    getJobLogs: () => client.getJobLogs(runId, jobRunId, 1),
    // No request of its own: the URL it gives is fetched to check it.
    streamJobLogsUrl: async () =>
      fetchApi.fetch(await client.streamJobLogsUrl(runId, jobRunId)),
    openWorkflowJobLogStream: () =>
      client.openWorkflowJobLogStream(runId, jobRunId, { after: 1 }),
    listWorkflowApprovals: () =>
      client.listWorkflowApprovals({ status: ['waiting'], mine: true }),
    decideWorkflowApproval: () =>
      client.decideWorkflowApproval(operationId, { decision: 'approve' }),
    listEnvironmentSandboxes: () => client.listEnvironmentSandboxes('env-1'),
    createSandbox: () =>
      client.createSandbox('env-1', {
        name: 'alice',
        forks: [{ service: 'cart', images: { cart: 'cart:dev' } }],
        ttlHours: 8,
      }),
    getSandboxReadiness: () => client.getSandboxReadiness('env-1'),
    explainRoute: () =>
      client.explainRoute('env-1', {
        service: 'cart',
        headers: { 'x-env': 'alice' },
      }),
    listSandboxes: () =>
      client.listSandboxes({ mine: true, projectRef: 'system:default/shop' }),
    getSandbox: () => client.getSandbox(sandboxId),
    updateSandbox: () => client.updateSandbox(sandboxId, { ttlHours: 4 }),
    deleteSandbox: () => client.deleteSandbox(sandboxId),
    getSandboxTraffic: () => client.getSandboxTraffic(sandboxId),
  };

  it('has a scenario for every client method', () => {
    const methods = Object.getOwnPropertyNames(BerthClient.prototype).filter(
      name =>
        !['constructor', 'request', 'fetch'].includes(name) &&
        typeof (BerthClient.prototype as any)[name] === 'function',
    );
    const missing = methods.filter(m => !(m in scenarios)).sort();
    const stale = Object.keys(scenarios)
      .filter(s => !methods.includes(s))
      .sort();
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  it('calls only operations of the contract, with query parameters it declares', async () => {
    const problems: string[] = [];
    for (const [name, scenario] of Object.entries(scenarios)) {
      calls.length = 0;
      await scenario();
      if (calls.length === 0) problems.push(`${name}: made no request`);
      for (const call of calls) {
        const url = new URL(call.url);
        const path = url.pathname.slice(new URL(baseUrl).pathname.length);
        const operation = operations.find(
          o => o.method === call.method && matchesTemplate(o.path, path),
        );
        if (!operation) {
          problems.push(`${name}: ${call.method} ${path} is not in the spec`);
          continue;
        }
        for (const key of url.searchParams.keys()) {
          if (!operation.query.includes(key)) {
            problems.push(
              `${name}: query '${key}' is not a parameter of ${operation.operationId}`,
            );
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
