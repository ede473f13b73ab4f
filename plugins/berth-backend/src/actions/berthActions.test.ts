import { StoredEnvironment } from '../model/environment';
import {
  recordingAuditor,
  user,
} from '../permissions/__testUtils__/layerFixture';
import { berthActionsFixture } from './__testUtils__/actionsFixture';

// Berth's actions over the real stores, services and authorization layer
// (SQLite in memory; a policy answering like the example policy): what each
// answers, and that each refuses whom the REST API refuses, with the same
// error. No cluster here, so the operations they start fail ("Unknown
// cluster"); the MCP client test in packages/backend runs them on the local
// clusters.
const olivia = user('user:default/olivia'); // owns shop
const otto = user('user:default/otto'); // owns bank
const ada = user('user:default/ada'); // admin

describe('Berth actions', () => {
  let seeded: Record<'shopDev' | 'shopProd' | 'bankDev', StoredEnvironment>;
  let auditor: ReturnType<typeof recordingAuditor>;
  let fixture: Awaited<ReturnType<typeof berthActionsFixture>>;

  const invoke = (
    name: string,
    input: Record<string, unknown>,
    credentials = olivia,
  ) => fixture.invoke(name, input, credentials);

  beforeEach(async () => {
    fixture = await berthActionsFixture();
    ({ seeded, auditor } = fixture);
  });

  afterEach(() => fixture.close());

  it('registers six read-only and five destructive actions', async () => {
    const { actions } = await fixture.registry.list();
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

  it('deploys a service: the operation id, audited with the caller, followed with get-operation', async () => {
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
    const operation = await fixture.ended(
      seeded.shopDev.id,
      started.operationId,
    );
    expect(operation).toMatchObject({
      id: started.operationId,
      kind: 'deploy-service',
      status: 'failed',
      actor: 'user:default/olivia',
      message: expect.stringContaining("Unknown cluster 'east'"),
      steps: expect.arrayContaining([
        expect.objectContaining({ key: 'service:web', status: 'failed' }),
      ]),
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
    expect(history).toEqual({
      deployments: [
        expect.objectContaining({
          service: 'web',
          revision: 1,
          result: 'failed',
          actor: 'user:default/olivia',
          operationId: started.operationId,
        }),
      ],
    });
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
