import { Entity } from '@backstage/catalog-model';
import { BerthEnvironment } from '@berth/plugin-berth-common';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
/* eslint-disable @backstage/no-relative-monorepo-imports */
import {
  startChartRepository,
  TestChartRepository,
} from '../../../berth-backend/src/__testUtils__/chartRepository';
import { testClusters } from '../../../berth-backend/src/__testUtils__/testClusters';
/* eslint-enable @backstage/no-relative-monorepo-imports */
import { mockServices } from '@backstage/backend-test-utils';
import { AddressInfo } from 'node:net';
import {
  createBerthEnvironmentCopyAction,
  createBerthEnvironmentCreateAction,
  createBerthEnvironmentDeployAction,
  createBerthSandboxCreateAction,
  createBerthWorkflowRunAction,
} from '../actions';
import { PortalLinks } from '../berth/portalLinks';
import { actionContext } from '../__testUtils__/actionContext';
import {
  as,
  startScaffolderBackend,
  users,
} from '../__testUtils__/startScaffolderBackend';

// The two example templates run through the scaffolder's API (a dry run with
// the template inline, then a real task from the catalog) against a real
// backend: the scaffolder with the Berth actions, the Berth plugin on the
// local clusters, the permission backend. The environment the first template
// creates goes Running on local-east; the second imports the demo chart
// repository's greeter chart and deploys it there.
jest.setTimeout(600_000);

const repoRoot = resolve(__dirname, '../../../..');
const [east] = testClusters();
const suffix = Math.random().toString(36).slice(2, 7);
const project = `scf-${suffix}`;
const systemRef = `system:default/${project}`;
const envName = 'qa';

function template(file: string): Entity {
  return parseYaml(
    readFileSync(join(repoRoot, 'examples/templates', file), 'utf8'),
  );
}
const environmentTemplate = template('environment-for-system.yaml');
const importTemplate = template('import-chart-as-service.yaml');

/** A one-service (`hello`) project, as the demo's project file seeds it. */
function projectFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'berth-scf-')), 'project.yaml');
  writeFileSync(
    file,
    JSON.stringify({
      version: 1,
      project: systemRef,
      services: [
        {
          name: 'hello',
          component: 'component:default/hello',
          kind: 'helm',
          helm: {
            chart: join(
              repoRoot,
              'plugins/berth-backend/test-fixtures/charts/hello',
            ),
            images: [
              {
                name: 'main',
                repositoryPath: 'image.repository',
                tagPath: 'image.tag',
              },
            ],
          },
        },
      ],
      startOrder: [{ name: 'all', services: ['hello'] }],
    }),
  );
  return file;
}

const system: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: {
    name: project,
    namespace: 'default',
    annotations: { 'berth.dev/project': 'true' },
  },
  spec: { owner: 'team-owners' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/team-owners' }],
};

describe('the Berth templates through the scaffolder API', () => {
  let server: Parameters<typeof request>[0];
  let stop: () => Promise<void>;
  let repo: TestChartRepository;
  const environments: string[] = [];

  beforeAll(async () => {
    repo = await startChartRepository({
      charts: [join(repoRoot, 'examples/import-charts/charts/greeter')],
      helm: join(east.bin, 'helm'),
    });
    const backend = await startScaffolderBackend({
      entities: [system, environmentTemplate, importTemplate],
      berth: {
        demo: { projectFile: projectFile() },
        helm: { repositories: [{ name: 'demo', url: repo.url }] },
        outbound: { allowAddresses: ['127.0.0.0/8'] },
      },
    });
    server = backend.server;
    stop = () => backend.stop();
    // The project's owner comes from the catalog, read by a scheduled sync.
    for (let i = 0; ; i++) {
      const res = await request(server)
        .get(`/api/berth/projects/default/${project}`)
        .set(as(users.owner));
      if (res.body.ownerRef === 'group:default/team-owners') break;
      if (i > 150) {
        throw new Error(
          `Project ${project} was never synced: ${res.status} ${JSON.stringify(
            res.body,
          )}`,
        );
      }
      await new Promise(r => setTimeout(r, 200));
    }
  });

  afterAll(async () => {
    for (const id of environments) {
      const res = await request(server)
        .delete(`/api/berth/environments/${id}`)
        .set(as(users.owner));
      if (res.status === 202) await operationEnds(id, res.body.operation.id);
    }
    await stop?.();
    await repo?.stop();
  });

  async function listEnvironments(): Promise<BerthEnvironment[]> {
    const res = await request(server)
      .get(`/api/berth/projects/default/${project}/environments`)
      .set(as(users.owner));
    expect(res.status).toBe(200);
    return res.body.items;
  }

  /** The operation once it ended (or its environment is gone); two minutes at most. */
  async function operationEnds(environmentId: string, operationId: string) {
    for (let i = 0; i < 240; i++) {
      const res = await request(server)
        .get(
          `/api/berth/environments/${environmentId}/operations/${operationId}`,
        )
        .set(as(users.owner));
      // A deleted environment's operations go with it (404).
      if (
        res.status === 404 ||
        ['succeeded', 'failed', 'cancelled'].includes(res.body.status)
      ) {
        return res.body;
      }
      await new Promise(r => setTimeout(r, 500));
    }
    throw new Error(`Operation ${operationId} did not end in two minutes`);
  }

  /** The environment's status once it is Running (a minute at most). */
  async function runningStatus(environmentId: string) {
    for (let i = 0; ; i++) {
      const res = await request(server)
        .get(`/api/berth/environments/${environmentId}/status`)
        .set(as(users.owner));
      if (res.body.status === 'Running' || i >= 120) return res.body;
      await new Promise(r => setTimeout(r, 500));
    }
  }

  async function dryRun(
    entity: Entity,
    values: Record<string, unknown>,
    user = users.owner,
  ) {
    return request(server)
      .post('/api/scaffolder/v2/dry-run')
      .set(as(user))
      .send({ template: entity, values, directoryContents: [] });
  }

  /** Runs a template from the catalog as a task; its end and its events. */
  async function runTask(
    entity: Entity,
    values: Record<string, unknown>,
    user = users.owner,
  ) {
    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set(as(user))
      .send({
        templateRef: `template:default/${entity.metadata.name}`,
        values,
      });
    expect(created.status).toBe(201);
    const id = created.body.id;
    for (;;) {
      const task = await request(server)
        .get(`/api/scaffolder/v2/tasks/${id}`)
        .set(as(user));
      if (['completed', 'failed', 'cancelled'].includes(task.body.status)) {
        const events = await request(server)
          .get(`/api/scaffolder/v2/tasks/${id}/events`)
          .set(as(user));
        const completion = events.body.find(
          (e: any) => e.type === 'completion',
        );
        return {
          status: task.body.status as string,
          output: completion?.body?.output ?? {},
          log: events.body
            .filter((e: any) => e.type === 'log')
            .map((e: any) => e.body.message as string)
            .join('\n'),
        };
      }
      await new Promise(r => setTimeout(r, 500));
    }
  }

  it('dry-runs "Environment for a System": checked through Berth, nothing created', async () => {
    const res = await dryRun(environmentTemplate, {
      system: systemRef,
      name: envName,
      cluster: east.name,
      tier: 'development',
      deploy: true,
    });
    expect(res.status).toBe(200);
    const log = res.body.log.map((l: any) => l.body.message).join('\n');
    expect(log).toContain(
      `Dry run: would create environment '${envName}' (development) of ${systemRef} in namespace '${project}-${envName}' on cluster '${east.name}' with hello@1, then deploy it`,
    );
    expect(res.body.output.links[0].url).toBe('http://localhost:3000/berth');
    expect(await listEnvironments()).toEqual([]);

    // A System that is not a Berth project: Berth answers 404, and the dry
    // run fails with Berth's error.
    const unknown = await dryRun(environmentTemplate, {
      system: `system:default/${project}-nope`,
      name: envName,
      cluster: east.name,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({
      name: 'NotFoundError',
      message: expect.stringContaining(`Berth answered 404: `),
    });
    expect(unknown.body.error.message).toContain(`${project}-nope`);
  });

  it('refuses the template to a user Berth refuses, creating nothing', async () => {
    const result = await runTask(
      environmentTemplate,
      { system: systemRef, name: envName, cluster: east.name },
      users.other,
    );
    expect(result.status).toBe('failed');
    expect(result.log).toContain('NotAllowedError: Berth answered 403: ');
    expect(await listEnvironments()).toEqual([]);
  });

  it('runs "Environment for a System": the environment goes Running on local-east', async () => {
    const result = await runTask(environmentTemplate, {
      system: systemRef,
      name: envName,
      cluster: east.name,
      tier: 'development',
      deploy: true,
    });
    expect(result.status).toBe('completed');
    const [environment] = await listEnvironments();
    expect(environment).toMatchObject({
      name: envName,
      cluster: east.name,
      namespace: `${project}-${envName}`,
    });
    environments.push(environment.id);
    expect(result.output.links[0].url).toBe(
      `http://localhost:3000/berth/environments/${environment.id}`,
    );
    expect(result.log).toContain('Create and deploy qa: succeeded');

    expect((await runningStatus(environment.id)).status).toBe('Running');
  });

  it('dry-runs and runs "Import a chart as a service" into that environment', async () => {
    const values = {
      system: systemRef,
      repository: 'demo',
      chart: 'greeter',
      version: '0.2.0',
      environment: envName,
    };
    const dry = await dryRun(importTemplate, values);
    expect(dry.status).toBe(200);
    const dryLog = dry.body.log.map((l: any) => l.body.message).join('\n');
    expect(dryLog).toContain(
      "Dry run: would create service 'greeter' from chart greeter 0.2.0",
    );
    const before = await request(server)
      .get(`/api/berth/projects/default/${project}`)
      .set(as(users.owner));
    expect(before.body.services.map((s: any) => s.name)).toEqual(['hello']);

    const result = await runTask(importTemplate, values);
    expect(result.status).toBe('completed');
    expect(result.log).toContain(
      "Service 'greeter' created: revision 1 from chart greeter 0.2.0",
    );
    expect(result.output.links[0].url).toBe(
      `http://localhost:3000/berth/projects/default/${project}/services/greeter`,
    );
    const status = await runningStatus(environments[0]);
    expect(status.status).toBe('Running');
    expect(status.services.map((s: any) => [s.service, s.status])).toEqual(
      expect.arrayContaining([
        ['greeter', 'Running'],
        ['hello', 'Running'],
      ]),
    );
  });

  /** What an action called directly needs to reach this backend's Berth. */
  function directDeps() {
    const { port } = (server as any).address() as AddressInfo;
    return {
      auth: mockServices.auth(),
      discovery: {
        getBaseUrl: async (id: string) => `http://127.0.0.1:${port}/api/${id}`,
        getExternalBaseUrl: async (id: string) =>
          `http://127.0.0.1:${port}/api/${id}`,
      },
      links: new PortalLinks('http://localhost:3000'),
      pollMs: 500,
    };
  }

  it('deploys and copies through the actions; a deploy refused to another user', async () => {
    const qa = environments[0];
    const deploy = createBerthEnvironmentDeployAction(directDeps());
    const deployed = actionContext({
      input: { environmentId: qa, service: 'hello' },
      user: users.owner,
    });
    await deploy.handler(deployed.ctx as any);
    expect(deployed.outputs).toMatchObject({
      environmentId: qa,
      environmentUrl: `http://localhost:3000/berth/environments/${qa}`,
      dryRun: false,
    });
    // `wait` followed the operation to its end.
    const operation = await request(server)
      .get(
        `/api/berth/environments/${qa}/operations/${deployed.outputs.operationId}`,
      )
      .set(as(users.owner));
    expect(operation.body).toMatchObject({
      kind: 'deploy-service',
      status: 'succeeded',
      actor: users.owner,
    });

    const refused = actionContext({
      input: { environmentId: qa },
      user: users.other,
    });
    await expect(deploy.handler(refused.ctx as any)).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining('Berth answered 403: '),
    });

    const copy = createBerthEnvironmentCopyAction(directDeps());
    const input = {
      system: systemRef,
      environment: envName,
      name: 'qa-copy',
      deploy: false,
    };
    const dry = actionContext({ input, user: users.owner, isDryRun: true });
    await copy.handler(dry.ctx as any);
    expect(dry.outputs).toMatchObject({
      environmentId: 'dry-run:qa-copy',
      sourceEnvironmentId: qa,
      namespace: `${project}-qa-copy`,
      cluster: east.name,
      dryRun: true,
    });
    expect((await listEnvironments()).map(e => e.name)).not.toContain(
      'qa-copy',
    );

    const copied = actionContext({ input, user: users.owner });
    await copy.handler(copied.ctx as any);
    environments.push(copied.outputs.environmentId as string);
    expect(copied.outputs).toMatchObject({
      sourceEnvironmentId: qa,
      name: 'qa-copy',
      namespace: `${project}-qa-copy`,
      cluster: east.name,
      dryRun: false,
    });
    const copyOf = await request(server)
      .get(`/api/berth/environments/${copied.outputs.environmentId}`)
      .set(as(users.owner));
    expect(Object.keys(copyOf.body.services).sort()).toEqual([
      'greeter',
      'hello',
    ]);
  });

  it('runs a workflow through the action and follows the run to its end', async () => {
    const created = await request(server)
      .post(`/api/berth/projects/default/${project}/workflows`)
      .set(as(users.owner))
      .send({
        name: 'redeploy',
        definition: {
          title: 'Redeploy hello',
          params: [
            { name: 'environment', type: 'environment', required: true },
          ],
          stages: [
            {
              name: 'deploy',
              jobs: [
                {
                  name: 'hello',
                  type: 'deploy',
                  spec: {
                    environment: '${params.environment}',
                    services: ['hello'],
                  },
                },
              ],
            },
          ],
        },
      });
    expect(created.status).toBe(201);
    const run = createBerthWorkflowRunAction(directDeps());

    const unknownParam = actionContext({
      input: {
        system: systemRef,
        workflow: 'redeploy',
        params: { environment: envName, colour: 'blue' },
      },
      user: users.owner,
      isDryRun: true,
    });
    await expect(run.handler(unknownParam.ctx as any)).rejects.toMatchObject({
      name: 'InputError',
      message: "Workflow 'redeploy' has no params colour",
    });

    const ran = actionContext({
      input: {
        system: systemRef,
        workflow: 'redeploy',
        params: { environment: envName },
      },
      user: users.owner,
    });
    await run.handler(ran.ctx as any);
    expect(ran.outputs).toMatchObject({
      workflowId: created.body.id,
      sequence: 1,
      status: 'succeeded',
      runUrl: `http://localhost:3000/berth/workflow-runs/${ran.outputs.runId}`,
      dryRun: false,
    });
  });

  it('refuses a sandbox forking a service its base does not run', async () => {
    const sandbox = createBerthSandboxCreateAction(directDeps());
    const { ctx, outputs } = actionContext({
      input: {
        system: systemRef,
        environment: envName,
        name: 'alice',
        forks: [{ service: 'payments' }],
      },
      user: users.owner,
      isDryRun: true,
    });
    await expect(sandbox.handler(ctx as any)).rejects.toMatchObject({
      name: 'InputError',
      message: "Environment 'qa' has no service 'payments'",
    });
    expect(outputs).toEqual({});
  });

  it('creates once when a recovered task runs the step again (checkpoint)', async () => {
    const action = createBerthEnvironmentCreateAction(directDeps());
    const input = {
      system: systemRef,
      name: 'recovered',
      cluster: east.name,
      deploy: false,
      wait: false,
    };
    const first = actionContext({ input, user: users.owner });
    await action.handler(first.ctx as any);
    const id = first.outputs.environmentId as string;
    environments.push(id);

    // The same task after a restart: its checkpoints survived, the step
    // runs again. Berth would refuse a second create (409, name taken).
    const again = actionContext({
      input,
      user: users.owner,
      checkpoints: first.checkpoints,
    });
    await action.handler(again.ctx as any);
    expect(again.outputs.environmentId).toBe(id);
    expect(again.checkpointCalls).toEqual([
      `berth:environment:create/system:default%2F${project}/recovered/${east.name}`,
    ]);
    const named = (await listEnvironments()).filter(
      e => e.name === 'recovered',
    );
    expect(named.map(e => e.id)).toEqual([id]);
  });
});
