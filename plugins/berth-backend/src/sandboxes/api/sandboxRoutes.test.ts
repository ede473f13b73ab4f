import { mockCredentials } from '@backstage/backend-test-utils';
import { BerthSandbox } from '@berth/plugin-berth-common';
import request from 'supertest';
import { sandboxApp } from './__testUtils__/sandboxApp';

jest.setTimeout(60_000);
const as = (name: string) =>
  mockCredentials.user.header(`user:default/${name}`);
const unknownId = '00000000-0000-4000-8000-000000000000';
/** What only the service does: a call of one of these reached it past the checks. */
const SERVICE_WORK = [
  'create',
  'update',
  'delete',
  'getDetails',
  'readiness',
  'explainRoute',
  'traffic',
];

describe('sandbox routes', () => {
  let t: Awaited<ReturnType<typeof sandboxApp>>;
  /** olivia's and pia's sandboxes of shop's dev, otto's of bank's dev. */
  let olivias: BerthSandbox;
  let pias: BerthSandbox;
  let ottos: BerthSandbox;
  beforeEach(async () => {
    t = await sandboxApp();
    const { shopDev, bankDev } = t.environments;
    olivias = t.service.seed(shopDev, 'olivia', 'user:default/olivia');
    pias = t.service.seed(shopDev, 'pia', 'user:default/pia');
    ottos = t.service.seed(bankDev, 'otto', 'user:default/otto');
  });
  afterEach(() => t.close());

  const denials = () =>
    t.auditor.events.filter(e => e.eventId === 'permission-denied');
  const serviceWork = () =>
    t.service.calls.filter(call => SERVICE_WORK.includes(call));
  const names = (items: BerthSandbox[]) => items.map(s => s.name).sort();

  describe('GET /environments/:id/sandboxes', () => {
    it("lists the base's sandboxes the caller may read", async () => {
      const res = await request(t.app)
        .get(`/environments/${t.environments.shopDev.id}/sandboxes`)
        .set('Authorization', as('olivia'));
      expect(res.status).toBe(200);
      expect(names(res.body.items)).toEqual(['olivia', 'pia']);
    });

    it('answers 404 for an unknown base and 403 (audited) for an unreadable one', async () => {
      const unknown = await request(t.app)
        .get(`/environments/nope/sandboxes`)
        .set('Authorization', as('olivia'));
      expect(unknown.status).toBe(404);
      const unreadable = await request(t.app)
        .get(`/environments/${t.environments.shopDev.id}/sandboxes`)
        .set('Authorization', as('otto'));
      expect(unreadable.status).toBe(403);
      expect(denials().map(d => d.meta)).toEqual([
        expect.objectContaining({
          permission: 'berth.environment.read',
          actor: 'user:default/otto',
        }),
      ]);
      expect(t.service.calls).not.toContain('listForBase');
    });
  });

  describe('GET /sandboxes', () => {
    const list = (who: string, query = '') =>
      request(t.app).get(`/sandboxes${query}`).set('Authorization', as(who));

    it('lists, across projects, only the sandboxes the caller may read', async () => {
      expect(names((await list('olivia')).body.items)).toEqual([
        'olivia',
        'pia',
      ]);
      expect(names((await list('otto')).body.items)).toEqual(['otto']);
      expect(names((await list('ada')).body.items)).toEqual([
        'olivia',
        'otto',
        'pia',
      ]);
    });

    it("narrows to the caller's own (mine) and to a project", async () => {
      expect(names((await list('olivia', '?mine=true')).body.items)).toEqual([
        'olivia',
      ]);
      expect(
        names(
          (await list('ada', '?projectRef=system:default/bank')).body.items,
        ),
      ).toEqual(['otto']);
      expect(
        names((await list('olivia', '?mine=false')).body.items),
      ).toHaveLength(2);
    });

    it('refuses a caller who may read no sandbox at all (403, audited) and bad filters (400)', async () => {
      const nobody = await list('ned');
      expect(nobody.status).toBe(403);
      expect(denials().map(d => d.meta)).toEqual([
        expect.objectContaining({ permission: 'berth.sandbox.read' }),
      ]);
      const bad = await list('olivia', '?mine=yes');
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/query: mine/);
      const unknown = await list('olivia', '?owner=me');
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.message).toMatch(/owner/);
    });
  });

  describe('POST /environments/:id/sandboxes', () => {
    const create = (who: string, body: object, baseId?: string) =>
      request(t.app)
        .post(`/environments/${baseId ?? t.environments.shopDev.id}/sandboxes`)
        .set('Authorization', as(who))
        .send(body);
    const alice = {
      name: 'alice',
      forks: [{ service: 'cart', images: { cart: 'cart:dev' } }],
      ttlHours: 4,
    };

    it('creates a sandbox of a base as the caller: 202 with its operation, audited', async () => {
      const res = await create('olivia', alice);
      expect(res.status).toBe(202);
      expect(res.body.sandbox).toMatchObject({
        name: 'alice',
        baseEnvironmentId: t.environments.shopDev.id,
        projectRef: 'system:default/shop',
        createdBy: 'user:default/olivia',
        status: 'creating',
        forks: alice.forks,
        routingKey: { xEnv: { header: 'x-env', value: 'alice' } },
      });
      expect(res.body.operation).toMatchObject({
        kind: 'sandbox-create',
        environmentId: t.environments.shopDev.id,
        actor: 'user:default/olivia',
        actorType: 'user',
      });
      expect(
        t.auditor.events.filter(e => e.eventId === 'sandbox-create'),
      ).toEqual([
        expect.objectContaining({
          meta: { environment: t.environments.shopDev.id, sandbox: 'alice' },
        }),
      ]);
      expect(t.permissions.asked).toEqual(
        expect.arrayContaining([
          'berth.environment.read',
          'berth.sandbox.create',
        ]),
      );
    });

    it('refuses a sandbox of a production base under the example policy (403, audited, never created)', async () => {
      const res = await create('olivia', alice, t.environments.shopProd.id);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        "Not allowed to create sandbox 'alice' of 'system:default/shop'",
      );
      expect(denials().map(d => d.meta)).toEqual([
        expect.objectContaining({
          permission: 'berth.sandbox.create',
          sandbox: 'alice',
          actor: 'user:default/olivia',
        }),
      ]);
      expect(serviceWork()).toEqual([]);
      // The admin may.
      expect(
        (await create('ada', alice, t.environments.shopProd.id)).status,
      ).toBe(202);
    });

    it('needs read on the base: 403 when unreadable, 404 when unknown, as the environment routes answer', async () => {
      const unreadable = await create('otto', alice);
      expect(unreadable.status).toBe(403);
      expect(unreadable.body.error.message).toBe(
        "Not allowed to read environment 'dev' of 'system:default/shop'",
      );
      const unknown = await create('olivia', alice, unknownId);
      expect(unknown.status).toBe(404);
      expect(serviceWork()).toEqual([]);
      expect(
        t.auditor.events.filter(e => e.eventId === 'sandbox-create'),
      ).toHaveLength(2);
    });

    it('refuses a sandbox of a sandbox with a 400', async () => {
      const res = await create('olivia', alice, olivias.id);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(
        /is a sandbox, not an environment/,
      );
      expect(serviceWork()).toEqual([]);
    });

    it.each([
      [
        'a name with capitals',
        { ...alice, name: 'Alice' },
        /name: must match pattern/,
      ],
      [
        'a name with an underscore',
        { ...alice, name: 'a_b' },
        /name: must match pattern/,
      ],
      [
        'a name starting with a dash',
        { ...alice, name: '-ab' },
        /name: must match pattern/,
      ],
      [
        'a name longer than 30 characters',
        { ...alice, name: 'a'.repeat(31) },
        /name: must NOT have more than 30 characters/,
      ],
      ['no name', { forks: alice.forks }, /must have required property 'name'/],
      ['no forks', { name: 'alice' }, /must have required property 'forks'/],
      [
        'no fork at all',
        { name: 'alice', forks: [] },
        /forks: must NOT have fewer than 1 items/,
      ],
      [
        'a fork without a service',
        { name: 'alice', forks: [{ images: { cart: 'x' } }] },
        /forks\.0\.service: must have required property 'service'/,
      ],
      ['a ttlHours of 0', { ...alice, ttlHours: 0 }, /ttlHours: must be > 0/],
      [
        'a negative ttlHours',
        { ...alice, ttlHours: -2 },
        /ttlHours: must be > 0/,
      ],
      [
        'a ttlHours that is text',
        { ...alice, ttlHours: '8' },
        /ttlHours: must be number/,
      ],
      ['an unknown field', { ...alice, owner: 'me' }, /owner: unknown field/],
      [
        'an unknown field of a fork',
        { name: 'alice', forks: [{ service: 'cart', replicas: 2 }] },
        /forks\.0\.replicas: unknown field/,
      ],
      [
        'a service forked twice',
        { name: 'alice', forks: [{ service: 'cart' }, { service: 'cart' }] },
        /forks\.1\.service: 'cart' is forked more than once/,
      ],
      [
        'an image key too long',
        {
          name: 'alice',
          forks: [{ service: 'cart', images: { ['i'.repeat(64)]: 'x' } }],
        },
        /forks\.0\.images: key 'i+' must be 0–63 characters/,
      ],
    ])(
      'refuses %s with a 400 naming the field, never reaching the service',
      async (_, body, message) => {
        const res = await create('olivia', body);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(message);
        expect(serviceWork()).toEqual([]);
      },
    );

    it("passes the service's refusals on (a name in use: 409)", async () => {
      const res = await create('olivia', { ...alice, name: 'pia' });
      expect(res.status).toBe(409);
      expect(t.service.calls).toContain('create');
    });
  });

  describe('GET /environments/:id/sandbox-readiness and POST /environments/:id/explain-route', () => {
    it('answers for a base the caller may read', async () => {
      const base = t.environments.shopDev.id;
      const readiness = await request(t.app)
        .get(`/environments/${base}/sandbox-readiness`)
        .set('Authorization', as('olivia'));
      expect(readiness.status).toBe(200);
      expect(readiness.body).toMatchObject({
        ready: true,
        routingDriver: 'gateway-api',
      });
      const explained = await request(t.app)
        .post(`/environments/${base}/explain-route`)
        .set('Authorization', as('olivia'))
        .send({ service: 'cart', headers: { 'x-env': 'olivia' } });
      expect(explained.status).toBe(200);
      expect(explained.body).toEqual({
        backend: 'cart.shop-dev-olivia.svc.cluster.local',
        sandbox: 'olivia',
        reason: 'x-env: olivia',
      });
    });

    it('refuses an unreadable base (403), an unknown one (404) and bad bodies (400)', async () => {
      const shop = t.environments.shopDev.id;
      const answers = await Promise.all([
        request(t.app)
          .get(`/environments/${shop}/sandbox-readiness`)
          .set('Authorization', as('otto')),
        request(t.app)
          .post(`/environments/${shop}/explain-route`)
          .set('Authorization', as('otto'))
          .send({ service: 'cart' }),
        request(t.app)
          .get(`/environments/${unknownId}/sandbox-readiness`)
          .set('Authorization', as('olivia')),
        request(t.app)
          .post(`/environments/${shop}/explain-route`)
          .set('Authorization', as('olivia'))
          .send({ headers: { 'x-env': 'olivia' } }),
        request(t.app)
          .post(`/environments/${shop}/explain-route`)
          .set('Authorization', as('olivia'))
          .send({ service: 'cart', verb: 'GET' }),
      ]);
      expect(answers.map(a => a.status)).toEqual([403, 403, 404, 400, 400]);
      expect(answers[3].body.error.message).toMatch(
        /must have required property 'service'/,
      );
      expect(answers[4].body.error.message).toMatch(/verb: unknown field/);
      expect(serviceWork()).toEqual([]);
    });
  });

  describe('GET /sandboxes/:sandboxId', () => {
    const get = (who: string, id: string) =>
      request(t.app).get(`/sandboxes/${id}`).set('Authorization', as(who));

    it('shows a sandbox with its forks to its creator and its project owners', async () => {
      const own = await get('olivia', olivias.id);
      expect(own.status).toBe(200);
      expect(own.body).toMatchObject({ id: olivias.id, forkStatus: [] });
      expect((await get('pia', olivias.id)).status).toBe(200);
    });

    it('refuses others (403, audited, no details loaded), unknown ids (404), ids that are not uuids (400)', async () => {
      const other = await get('otto', olivias.id);
      expect(other.status).toBe(403);
      expect(denials().map(d => d.meta)).toEqual([
        expect.objectContaining({
          permission: 'berth.sandbox.read',
          sandbox: olivias.id,
          projectRef: 'system:default/shop',
        }),
      ]);
      expect((await get('olivia', unknownId)).status).toBe(404);
      const bad = await get('olivia', 'alice');
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(
        /sandboxId: must match format "uuid"/,
      );
      expect(serviceWork()).toEqual([]);
    });
  });

  describe('GET /sandboxes/:sandboxId/traffic', () => {
    const get = (who: string, id: string) =>
      request(t.app)
        .get(`/sandboxes/${id}/traffic`)
        .set('Authorization', as(who));

    it("tells a sandbox's readers which services its key reached", async () => {
      const own = await get('olivia', olivias.id);
      expect(own.status).toBe(200);
      expect(own.body).toMatchObject({ observed: true, services: [] });
      expect((await get('pia', olivias.id)).status).toBe(200);
    });

    it('refuses others (403, audited, nothing read), unknown ids (404) and ids that are not uuids (400)', async () => {
      expect((await get('otto', olivias.id)).status).toBe(403);
      expect(denials().map(d => d.meta)).toEqual([
        expect.objectContaining({
          permission: 'berth.sandbox.read',
          sandbox: olivias.id,
        }),
      ]);
      expect((await get('olivia', unknownId)).status).toBe(404);
      expect((await get('olivia', 'alice')).status).toBe(400);
      expect(serviceWork()).toEqual([]);
    });
  });

  describe('PATCH /sandboxes/:sandboxId', () => {
    const patch = (who: string, id: string, body: object) =>
      request(t.app)
        .patch(`/sandboxes/${id}`)
        .set('Authorization', as(who))
        .send(body);

    it('extends a sandbox for its creator: 200, no operation, audited', async () => {
      const res = await patch('olivia', olivias.id, { ttlHours: 24 });
      expect(res.status).toBe(200);
      expect(res.body.operation).toBeUndefined();
      expect(Date.parse(res.body.sandbox.expiresAt)).toBeGreaterThan(
        Date.parse(olivias.expiresAt),
      );
      expect(
        t.auditor.events.filter(e => e.eventId === 'sandbox-update'),
      ).toEqual([
        expect.objectContaining({
          meta: { sandbox: olivias.id, ttlHours: 24, forks: false },
        }),
      ]);
    });

    it('changes its forks with an operation: 202', async () => {
      const forks = [{ service: 'web', revision: 3 }];
      const res = await patch('olivia', olivias.id, { forks });
      expect(res.status).toBe(202);
      expect(res.body.sandbox.forks).toEqual(forks);
      expect(res.body.operation.kind).toBe('sandbox-update');
    });

    it("refuses anyone but the creator, even the project's owners (403, audited)", async () => {
      const res = await patch('pia', olivias.id, { ttlHours: 24 });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        "Not allowed to update sandbox 'olivia' of 'system:default/shop'",
      );
      expect(denials()).toHaveLength(1);
      expect((await patch('olivia', unknownId, { ttlHours: 1 })).status).toBe(
        404,
      );
      expect(serviceWork()).toEqual([]);
    });

    it.each([
      ['an empty body', {}, /must NOT have fewer than 1 properties/],
      ['a ttlHours of 0', { ttlHours: 0 }, /ttlHours: must be > 0/],
      ['an unknown field', { name: 'bob' }, /name: unknown field/],
      [
        'a service forked twice',
        { forks: [{ service: 'web' }, { service: 'web' }] },
        /forks\.1\.service: 'web' is forked more than once/,
      ],
    ])(
      'refuses %s with a 400, never reaching the service',
      async (_, body, message) => {
        const res = await patch('olivia', olivias.id, body);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(message);
        expect(serviceWork()).toEqual([]);
      },
    );
  });

  describe('DELETE /sandboxes/:sandboxId', () => {
    const del = (who: string, id: string) =>
      request(t.app).delete(`/sandboxes/${id}`).set('Authorization', as(who));

    it('deletes for its creator and for an owner of its project: 202 with the operation, audited', async () => {
      const own = await del('olivia', olivias.id);
      expect(own.status).toBe(202);
      expect(own.body.sandbox.status).toBe('deleting');
      expect(own.body.operation).toMatchObject({
        kind: 'sandbox-delete',
        actor: 'user:default/olivia',
      });
      const byOwner = await del('olivia', pias.id);
      expect(byOwner.status).toBe(202);
      expect(
        t.auditor.events
          .filter(e => e.eventId === 'sandbox-delete')
          .map(e => e.meta),
      ).toEqual([{ sandbox: olivias.id }, { sandbox: pias.id }]);
    });

    it('refuses someone neither its creator nor an owner of its project: 403, audited, never deleted', async () => {
      const res = await del('otto', olivias.id);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        "Not allowed to delete sandbox 'olivia' of 'system:default/shop'",
      );
      expect(denials().map(d => d.meta)).toEqual([
        expect.objectContaining({
          permission: 'berth.sandbox.delete',
          sandbox: olivias.id,
          actor: 'user:default/otto',
        }),
      ]);
      expect(serviceWork()).toEqual([]);
      // Still there for its creator; otto's own goes.
      expect(
        (
          await request(t.app)
            .get(`/sandboxes/${olivias.id}`)
            .set('Authorization', as('olivia'))
        ).body.status,
      ).toBe('ready');
      expect((await del('otto', ottos.id)).status).toBe(202);
    });

    it('answers 404 for an unknown sandbox', async () => {
      expect((await del('olivia', unknownId)).status).toBe(404);
      expect(serviceWork()).toEqual([]);
    });
  });
});
