import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { workflowApp } from './__testUtils__/workflowApp';
import {
  devFlow,
  paramFlow,
  prodFlow,
  prodWithoutApproval,
} from './__testUtils__/definitions';

jest.setTimeout(60_000);
const as = (name: string) =>
  mockCredentials.user.header(`user:default/${name}`);
const shop = '/projects/default/shop/workflows';
const unknownId = '00000000-0000-4000-8000-000000000000';

describe('workflow routes: definitions', () => {
  let t: Awaited<ReturnType<typeof workflowApp>>;
  beforeEach(async () => {
    t = await workflowApp();
  });
  afterEach(() => t.close());

  const create = (who: string, body: object, path = shop) =>
    request(t.app).post(path).set('Authorization', as(who)).send(body);
  const denials = () =>
    t.auditor.events.filter(e => e.eventId === 'permission-denied');

  describe('POST /projects/:namespace/:name/workflows', () => {
    it('creates a workflow from a definition or YAML, audited', async () => {
      const res = await create('olivia', {
        name: 'ship-dev',
        definition: devFlow,
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        name: 'ship-dev',
        projectRef: 'system:default/shop',
        revision: 1,
        createdBy: 'user:default/olivia',
        targets: { tiers: ['development'], clusters: ['east'] },
      });
      const yaml = await create('olivia', {
        name: 'from-yaml',
        yaml: 'stages:\n  - name: s\n    jobs:\n      - { name: j, type: script, spec: { image: alpine } }\n',
      });
      expect(yaml.status).toBe(201);
      expect(yaml.body.definition.stages[0].jobs[0].name).toBe('j');
      expect(
        t.auditor.events.filter(e => e.eventId === 'workflow-create'),
      ).toHaveLength(2);
    });

    it.each([
      [
        'a name that is not a DNS label',
        { name: 'Ship_Dev', definition: devFlow },
        /name: must match pattern/,
      ],
      [
        'no name',
        { definition: devFlow },
        /must have required property 'name'/,
      ],
      [
        'an unknown field of a job',
        {
          name: 'x',
          definition: {
            stages: [
              {
                name: 's',
                jobs: [{ name: 'j', type: 'script', spec: {}, colour: 'red' }],
              },
            ],
          },
        },
        /definition\.stages\.0\.jobs\.0\.colour: unknown field/,
      ],
      [
        'a job without spec',
        {
          name: 'x',
          definition: {
            stages: [{ name: 's', jobs: [{ name: 'j', type: 'script' }] }],
          },
        },
        /definition\.stages\.0\.jobs\.0\.spec: must have required property 'spec'/,
      ],
      [
        'no stages',
        { name: 'x', definition: { stages: [] } },
        /definition\.stages: must NOT have fewer than 1 items/,
      ],
      [
        'a bad onError',
        {
          name: 'x',
          definition: {
            stages: [
              {
                name: 's',
                jobs: [
                  { name: 'j', type: 'script', spec: {}, onError: 'retry' },
                ],
              },
            ],
          },
        },
        /definition\.stages\.0\.jobs\.0\.onError/,
      ],
      [
        'YAML that does not parse',
        { name: 'x', yaml: 'stages: [' },
        /^yaml: not valid YAML/,
      ],
      [
        'YAML of a list',
        { name: 'x', yaml: '- a\n- b' },
        /^yaml: must be a mapping/,
      ],
      [
        'both forms',
        { name: 'x', yaml: 'stages: []', definition: devFlow },
        /either definition or yaml/,
      ],
      ['neither form', { name: 'x' }, /^definition: required/],
    ])(
      'refuses %s with a 400 naming the field, nothing created',
      async (_what, body, message) => {
        const res = await create('olivia', body);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(message);
        expect(t.service.changes).toEqual([]);
      },
    );

    it('refuses a caller who may not create in the project (403, audited), nothing created', async () => {
      const res = await create('otto', { name: 'x', definition: devFlow });
      expect(res.status).toBe(403);
      expect(denials()).toEqual([
        expect.objectContaining({
          meta: expect.objectContaining({
            permission: 'berth.workflow.create',
            projectRef: 'system:default/shop',
          }),
        }),
      ]);
      expect(
        (await create('nobody', { name: 'x', definition: devFlow })).status,
      ).toBe(403);
      expect(t.service.changes).toEqual([]);
    });

    it("decides on the workflow's targets: olivia may not create one that deploys to production", async () => {
      expect(
        (await create('olivia', { name: 'p', definition: prodFlow })).status,
      ).toBe(403);
      expect(
        (await create('olivia', { name: 'p', definition: paramFlow })).status,
      ).toBe(403);
      expect(
        (await create('pia', { name: 'p', definition: prodFlow })).status,
      ).toBe(201);
      expect(t.service.changes).toEqual(['create p']);
    });

    it('answers 404 for a System that is not a project, 409 for a taken name', async () => {
      const res = await create(
        'ada',
        { name: 'x', definition: devFlow },
        '/projects/default/nope/workflows',
      );
      expect(res.status).toBe(404);
      await create('olivia', { name: 'x', definition: devFlow });
      expect(
        (await create('olivia', { name: 'x', definition: devFlow })).status,
      ).toBe(409);
    });
  });

  describe('berth.workflows.requireApprovalForTiers', () => {
    beforeEach(async () => {
      await t.close();
      t = await workflowApp({ requireApprovalForTiers: ['production'] });
    });

    it('refuses a deploy to a listed tier without an approval job in an earlier stage (400 naming the job)', async () => {
      const res = await create('pia', {
        name: 'p',
        definition: prodWithoutApproval,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(
        /^definition\.stages\.0\.jobs\.1: job 'prod' deploys to production environment 'prod'/,
      );
      const sameStage = {
        stages: [
          {
            name: 's',
            jobs: [...prodFlow.stages[0].jobs, ...prodFlow.stages[1].jobs],
          },
        ],
      };
      expect(
        (await create('pia', { name: 'p', definition: sameStage })).status,
      ).toBe(400);
      // A param may name production.
      expect(
        (await create('pia', { name: 'p', definition: paramFlow })).status,
      ).toBe(400);
      expect(t.service.changes).toEqual([]);
    });

    it('accepts one with an approval first, and deploys to other tiers without', async () => {
      expect(
        (await create('pia', { name: 'p', definition: prodFlow })).status,
      ).toBe(201);
      expect(
        (await create('pia', { name: 'd', definition: devFlow })).status,
      ).toBe(201);
    });

    it('refuses an update that removes the approval, keeping the revision', async () => {
      const id = (await create('pia', { name: 'p', definition: prodFlow })).body
        .id;
      const res = await request(t.app)
        .put(`/workflows/${id}`)
        .set('Authorization', as('pia'))
        .send({ definition: prodWithoutApproval });
      expect(res.status).toBe(400);
      expect(t.service.workflows.get(id)!.revision).toBe(1);
    });
  });

  describe('GET /projects/:namespace/:name/workflows', () => {
    it('lists the workflows the caller may read (filtered in SQL)', async () => {
      await create('olivia', { name: 'a', definition: devFlow });
      await create(
        'otto',
        { name: 'b', definition: { stages: devFlow.stages } },
        '/projects/default/bank/workflows',
      );
      const list = (who: string, path = shop) =>
        request(t.app).get(path).set('Authorization', as(who));
      expect((await list('olivia')).body.items.map((w: any) => w.name)).toEqual(
        ['a'],
      );
      expect((await list('otto')).body.items).toEqual([]);
      expect((await list('ada')).body.items).toHaveLength(1);
      expect(
        (await list('otto', '/projects/default/bank/workflows')).body.items.map(
          (w: any) => w.name,
        ),
      ).toEqual(['b']);
    });

    it('refuses a caller who may read nothing (403) and unknown projects (404)', async () => {
      const res = await request(t.app)
        .get(shop)
        .set('Authorization', as('nobody'));
      expect(res.status).toBe(403);
      expect(denials()).toHaveLength(1);
      expect(
        (
          await request(t.app)
            .get('/projects/default/nope/workflows')
            .set('Authorization', as('ada'))
        ).status,
      ).toBe(404);
    });
  });

  describe('/workflows/:workflowId', () => {
    let id: string;
    beforeEach(async () => {
      id = (await create('olivia', { name: 'a', definition: devFlow })).body.id;
      t.service.changes.length = 0;
    });
    const get = (who: string, path = `/workflows/${id}`) =>
      request(t.app).get(path).set('Authorization', as(who));
    const put = (who: string, body: object, wid = id) =>
      request(t.app)
        .put(`/workflows/${wid}`)
        .set('Authorization', as(who))
        .send(body);
    const del = (who: string, wid = id) =>
      request(t.app).delete(`/workflows/${wid}`).set('Authorization', as(who));

    it('GET: the workflow; 403 to others, 404 unknown, 400 not an id', async () => {
      expect((await get('olivia')).body).toMatchObject({ id, name: 'a' });
      expect((await get('otto')).status).toBe(403);
      expect((await get('olivia', `/workflows/${unknownId}`)).status).toBe(404);
      const bad = await get('olivia', '/workflows/not-an-id');
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/workflowId/);
    });

    it('PUT: a new revision, audited; 409 on a stale baseRevision', async () => {
      const res = await put('olivia', {
        definition: { ...devFlow, title: 'Dev' },
        baseRevision: 1,
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ revision: 2, title: 'Dev' });
      expect(
        (await put('olivia', { enabled: false, baseRevision: 1 })).status,
      ).toBe(409);
      expect(
        t.auditor.events.filter(e => e.eventId === 'workflow-update'),
      ).toHaveLength(2);
    });

    it('PUT: refuses bad input (400), others (403), new targets the caller may not have (403), unknown ids (404)', async () => {
      const bad = await put('olivia', { baseRevision: 0 });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/baseRevision: must be >= 1/);
      expect(
        (await put('olivia', { colour: 'red' })).body.error.message,
      ).toMatch(/colour: unknown field/);
      expect((await put('otto', { enabled: false })).status).toBe(403);
      expect((await put('olivia', { definition: prodFlow })).status).toBe(403);
      expect((await put('olivia', { enabled: false }, unknownId)).status).toBe(
        404,
      );
      expect(t.service.changes).toEqual([]);
      expect(t.service.workflows.get(id)!.revision).toBe(1);
    });

    it('DELETE: 204, audited; 403 to others; 404 after and for unknown ids', async () => {
      expect((await del('otto')).status).toBe(403);
      expect((await del('olivia')).status).toBe(204);
      expect(t.auditor.events.map(e => e.eventId)).toContain('workflow-delete');
      expect((await get('olivia')).status).toBe(404);
      expect((await del('olivia')).status).toBe(404);
    });

    it('GET revisions: newest first; 403 to others; 404 unknown', async () => {
      await put('olivia', { enabled: false });
      const res = await get('olivia', `/workflows/${id}/revisions`);
      expect(res.body.items.map((r: any) => r.revision)).toEqual([2, 1]);
      expect((await get('otto', `/workflows/${id}/revisions`)).status).toBe(
        403,
      );
      expect(
        (await get('olivia', `/workflows/${unknownId}/revisions`)).status,
      ).toBe(404);
    });

    it('GET deliveries: what the triggers received; 400 bad limit; 403 to others; 404 unknown', async () => {
      await t.deliveries.record({
        workflowId: id,
        trigger: 'push',
        source: 'github',
        deliveryId: 'd-1',
        event: 'github.push',
        outcome: 'ignored',
        reason: "branch 'x' does not match",
      });
      const res = await get('olivia', `/workflows/${id}/deliveries?limit=5`);
      expect(res.body.items).toEqual([
        expect.objectContaining({
          deliveryId: 'd-1',
          outcome: 'ignored',
          reason: "branch 'x' does not match",
        }),
      ]);
      const bad = await get('olivia', `/workflows/${id}/deliveries?limit=0`);
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/limit/);
      expect((await get('otto', `/workflows/${id}/deliveries`)).status).toBe(
        403,
      );
      expect(
        (await get('olivia', `/workflows/${unknownId}/deliveries`)).status,
      ).toBe(404);
    });
  });
});
