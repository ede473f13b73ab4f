import { mockServices } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Knex } from 'knex';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { createBerthServices } from '../createBerthServices';
import { StoredEnvironment } from '../model/environment';
import { authorizationLayer } from '../permissions/authorizationLayer';
import { EnvironmentAuthorizer } from '../permissions/EnvironmentAuthorizer';
import { ProjectAuthorizer } from '../permissions/ProjectAuthorizer';
import {
  ownerPolicy,
  recordingAuditor,
  seededDatabase,
  user,
} from '../permissions/__testUtils__/layerFixture';
import { registerBerthActions } from './registerBerthActions';

// Berth's actions over the real stores, services and authorization layer
// (SQLite in memory; a policy answering like the example policy): what each
// answers, and that each refuses whom the REST API refuses, with the same
// error. Operations are only queued here (no engine, no cluster): the
// MCP client test in packages/backend runs them on the local clusters.
const olivia = user('user:default/olivia'); // owns shop
const otto = user('user:default/otto'); // owns bank
const ada = user('user:default/ada'); // admin

const MANIFESTS = `apiVersion: v1
kind: ConfigMap
metadata:
  name: web
data:
  greeting: hello
`;

describe('Berth actions', () => {
  let knex: Knex;
  let seeded: Record<'shopDev' | 'shopProd' | 'bankDev', StoredEnvironment>;
  let auditor: ReturnType<typeof recordingAuditor>;
  let registry: ReturnType<typeof actionsRegistryServiceMock>;
  let berth: ReturnType<typeof createBerthServices>;

  const invoke = (
    name: string,
    input: Record<string, unknown>,
    credentials = olivia,
  ) =>
    registry
      .invoke({ id: `test:${name}`, input: input as any, credentials })
      .then(r => r.output as any);

  beforeEach(async () => {
    const db = await seededDatabase();
    knex = db.knex;
    seeded = db.seeded;
    auditor = recordingAuditor();
    const policy = ownerPolicy();
    const config = new ConfigReader({});
    berth = createBerthServices({
      config,
      knex,
      clusters: ClusterRegistry.fromConfig(config),
      catalog: catalogServiceMock(),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
    });
    await berth.projects.createService(
      'system:default/shop',
      {
        name: 'web',
        componentRef: 'component:default/web',
        spec: { kind: 'manifests', variables: [], manifests: MANIFESTS },
      },
      'user:default/ada',
    );
    registry = actionsRegistryServiceMock();
    registerBerthActions(registry, {
      ...berth,
      ...authorizationLayer({
        ...berth,
        authorizer: new EnvironmentAuthorizer(policy, auditor),
        projectAuthorizer: new ProjectAuthorizer(
          policy,
          ref => berth.projectStore.get(ref),
          auditor,
        ),
      }),
      auditor,
    });
  });

  afterEach(() => knex.destroy());

  it('registers six read-only and five destructive actions', async () => {
    const { actions } = await registry.list();
    const byKind = (readOnly: boolean) =>
      actions
        .filter(a => a.attributes.readOnly === readOnly)
        .map(a => [a.name, a.attributes.destructive])
        .sort();
    expect(byKind(true)).toEqual([
      ['get-environment-drift', false],
      ['get-environment-status', false],
      ['get-operation', false],
      ['list-deployments', false],
      ['list-environments', false],
      ['list-projects', false],
    ]);
    expect(byKind(false)).toEqual([
      ['copy-environment', true],
      ['create-environment', true],
      ['deploy-service', true],
      ['sleep-environment', true],
      ['wake-environment', true],
    ]);
  });

  it('lists projects and environments with services and revisions, only what the caller may read', async () => {
    const projects = await invoke('list-projects', {});
    expect(projects.projects.map((p: { ref: string }) => p.ref).sort()).toEqual(
      ['system:default/bank', 'system:default/shop'],
    );
    expect(
      projects.projects.find(
        (p: { ref: string }) => p.ref === 'system:default/shop',
      ).services,
    ).toEqual([
      {
        name: 'web',
        componentRef: 'component:default/web',
        kind: 'manifests',
        latestRevision: 1,
      },
    ]);

    const mine = await invoke('list-environments', {});
    expect(
      mine.environments.map((e: { projectRef: string; name: string }) =>
        [e.projectRef, e.name].join(' '),
      ),
    ).toEqual(
      expect.arrayContaining([
        'system:default/shop dev',
        'system:default/shop prod',
      ]),
    );
    expect(mine.environments).toHaveLength(2);

    const everything = await invoke('list-environments', {}, ada);
    expect(everything.environments).toHaveLength(3);
    const bank = await invoke('list-environments', { project: 'bank' }, ada);
    expect(bank.environments).toEqual([
      {
        id: seeded.bankDev.id,
        name: 'dev',
        projectRef: 'system:default/bank',
        cluster: 'east',
        namespace: 'bank-dev',
        tier: 'development',
        sleepState: 'awake',
        services: [],
      },
    ]);
  });

  it('deploys a service: the operation id, queued, audited with the caller', async () => {
    const started = await invoke('deploy-service', {
      environmentId: seeded.shopDev.id,
      service: 'web',
    });
    expect(started).toEqual({
      operationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      environmentId: seeded.shopDev.id,
      status: 'queued',
      title: 'Deploy web',
    });
    const operation = await invoke('get-operation', {
      environmentId: seeded.shopDev.id,
      operationId: started.operationId,
    });
    expect(operation).toMatchObject({
      id: started.operationId,
      kind: 'deploy-service',
      status: 'queued',
      actor: 'user:default/olivia',
    });
    expect(auditor.events).toEqual([
      {
        eventId: 'environment-service-deploy',
        meta: {
          environment: seeded.shopDev.id,
          service: 'web',
          actor: 'user:default/olivia',
          via: 'action',
        },
      },
    ]);
    const history = await invoke('list-deployments', {
      environmentId: seeded.shopDev.id,
      service: 'web',
    });
    expect(history).toEqual({ deployments: [] });
  });

  it('refuses a deploy to another team with the NotAllowedError the REST API gives, audited', async () => {
    const refused = invoke(
      'deploy-service',
      { environmentId: seeded.shopDev.id, service: 'web' },
      otto,
    );
    await expect(refused).rejects.toMatchObject({
      name: 'NotAllowedError',
      message:
        "Not allowed to deploy environment 'dev' of 'system:default/shop'",
    });
    expect(auditor.events.map(e => e.eventId)).toEqual(['permission-denied']);
    await expect(
      invoke(
        'list-deployments',
        {
          environmentId: seeded.shopDev.id,
          service: 'web',
        },
        otto,
      ),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
    await expect(
      invoke(
        'get-environment-status',
        { environmentId: seeded.shopDev.id },
        otto,
      ),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
    await expect(
      invoke('sleep-environment', { environmentId: seeded.shopDev.id }, otto),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
  });

  it('refuses a copy of production to its owner (copy-production), as the REST API does', async () => {
    await expect(
      invoke('copy-environment', {
        environmentId: seeded.shopProd.id,
        name: 'prod-copy',
      }),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining("environment 'prod'"),
    });
  });

  it('puts an environment to sleep, and refuses to wake one that is awake', async () => {
    const slept = await invoke('sleep-environment', {
      environmentId: seeded.shopDev.id,
    });
    expect(slept).toMatchObject({ status: 'queued', title: 'Sleep dev' });
    await expect(
      invoke('wake-environment', { environmentId: seeded.bankDev.id }, otto),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message: "Environment 'dev' is not asleep",
    });
  });

  it('refuses malformed input before anything is read', async () => {
    await expect(
      invoke('get-environment-status', { environmentId: 'not-a-uuid' }),
    ).rejects.toMatchObject({ name: 'InputError' });
    await expect(
      invoke('deploy-service', {
        environmentId: seeded.shopDev.id,
        service: 'Web_1',
      }),
    ).rejects.toMatchObject({ name: 'InputError' });
    await expect(
      invoke('create-environment', {
        project: 'component:default/web',
        name: 'qa',
        cluster: 'east',
        tier: 'testing',
      }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining('is not a System'),
    });
    await expect(
      invoke('get-environment-status', {
        environmentId: '00000000-0000-4000-8000-000000000000',
      }),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
  });
});
