import { mockCredentials } from '@backstage/backend-test-utils';
import { WorkflowDefinition } from '@berth/plugin-berth-common';
import request from 'supertest';
import { workflowApp } from './__testUtils__/workflowApp';
import {
  devFlow,
  paramFlow,
  prodFlow,
  triggering,
} from './__testUtils__/definitions';

jest.setTimeout(60_000);
const as = (name: string) =>
  mockCredentials.user.header(`user:default/${name}`);
const shop = '/projects/default/shop/workflows';

/** Deploys to the environment the run names, one of `options`. */
const choiceFlow = (options: string[]): WorkflowDefinition => ({
  params: [{ name: 'env', type: 'choice', options, required: true }],
  stages: paramFlow.stages,
});

/**
 * `trigger-workflow` jobs start runs of other workflows through the engine,
 * as the run's creator and without a check of their own: the routes check
 * what those runs need when a definition is saved and when a run is created.
 */
describe('workflow routes: workflows that trigger workflows', () => {
  let t: Awaited<ReturnType<typeof workflowApp>>;
  const ids: Record<string, string> = {};
  const create = async (who: string, name: string, definition: object) =>
    request(t.app)
      .post(shop)
      .set('Authorization', as(who))
      .send({ name, definition });
  const update = (who: string, name: string, definition: object) =>
    request(t.app)
      .put(`/workflows/${ids[name]}`)
      .set('Authorization', as(who))
      .send({ definition });
  const post = (who: string, path: string, body: object = {}) =>
    request(t.app).post(path).set('Authorization', as(who)).send(body);
  const start = (who: string, name: string, params?: object) =>
    post(who, `/workflows/${ids[name]}/runs`, params ? { params } : {});
  const denials = () =>
    t.auditor.events.filter(e => e.eventId === 'permission-denied');
  const denied = () =>
    denials().map(e => (e.meta as { permission: string }).permission);
  /** Saves as pia (who may run and deploy anything of shop). */
  const seed = async (name: string, definition: object) => {
    const res = await create('pia', name, definition);
    expect(res.status).toBe(201);
    ids[name] = res.body.id;
  };
  const nothingChanged = () => {
    expect(t.service.changes).toEqual([]);
    expect(t.service.runs.size).toBe(0);
  };

  beforeEach(async () => {
    t = await workflowApp();
    await seed('dev', devFlow);
    await seed('prod', prodFlow);
    await seed('by-param', paramFlow);
    await seed('relay', triggering('prod'));
    t.service.changes.length = 0;
    t.auditor.events.length = 0;
  });
  afterEach(() => t.close());

  describe('creating a run', () => {
    beforeEach(async () => {
      await seed('release', triggering('prod'));
      await seed('outer', triggering('relay'));
      t.service.changes.length = 0;
    });

    it('needs the deploy permission on the environments of the triggered workflow (403, audited), nothing started', async () => {
      const res = await start('olivia', 'release');
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/deploy environment 'prod'/);
      expect(res.body.error.message).toMatch(
        /workflow 'prod' deploys there, which 'release' triggers: release -> prod; job 'start' of 'release'/,
      );
      expect(denied()).toEqual(['berth.environment.deploy']);
      nothingChanged();
      expect((await start('pia', 'release')).status).toBe(201);
    });

    it('needs the run permission on the triggered workflow (403, audited), even from a caller who may deploy there', async () => {
      const res = await start('ivan', 'release');
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(
        /^Not allowed to run workflow 'prod' of 'system:default\/shop', which 'release' triggers \(release -> prod; job 'start' of 'release'\)/,
      );
      expect(denials()).toEqual([
        expect.objectContaining({
          eventId: 'permission-denied',
          meta: expect.objectContaining({
            permission: 'berth.workflow.run',
            workflow: ids.prod,
            triggeredBy: 'release',
            via: 'release -> prod',
            actor: 'user:default/ivan',
          }),
        }),
      ]);
      nothingChanged();
    });

    it('checks transitively: a workflow that triggers one that triggers another', async () => {
      const olivia = await start('olivia', 'outer');
      expect(olivia.status).toBe(403);
      expect(olivia.body.error.message).toMatch(
        /outer -> relay -> prod; job 'start' of 'relay'/,
      );
      const ivan = await start('ivan', 'outer');
      expect(ivan.status).toBe(403);
      expect(ivan.body.error.message).toMatch(/run workflow 'prod'/);
      expect(denied()).toEqual([
        'berth.environment.deploy',
        'berth.workflow.run',
      ]);
      nothingChanged();
      expect((await start('pia', 'outer')).status).toBe(201);
    });

    it("resolves the mapped params from the run's params", async () => {
      await seed(
        'choose',
        triggering('by-param', { env: '${params.env}' }, [
          { name: 'env', type: 'string', required: true },
        ]),
      );
      t.service.changes.length = 0;
      expect((await start('olivia', 'choose', { env: 'prod' })).status).toBe(
        403,
      );
      nothingChanged();
      expect((await start('olivia', 'choose', { env: 'dev' })).status).toBe(
        201,
      );
      expect(t.service.changes).toEqual(['start choose']);
    });

    it('takes a param mapped from an upstream output as any of its options, or any environment', async () => {
      await seed('dev-only', choiceFlow(['dev']));
      await seed(
        'from-output',
        triggering('by-param', { env: '${jobs.pick.outputs.env}' }),
      );
      await seed(
        'from-output-dev',
        triggering('dev-only', { env: '${jobs.pick.outputs.env}' }),
      );
      t.service.changes.length = 0;
      expect((await start('olivia', 'from-output')).status).toBe(403);
      nothingChanged();
      expect((await start('olivia', 'from-output-dev')).status).toBe(201);
      expect((await start('pia', 'from-output')).status).toBe(201);
    });

    it('resolves a triggered workflow named by a param; one named by an output may be any workflow of the project', async () => {
      await seed(
        'any',
        triggering('${params.target}', undefined, [
          { name: 'target', type: 'string', required: true },
        ]),
      );
      await seed('by-output', triggering('${jobs.pick.outputs.next}'));
      t.service.changes.length = 0;
      expect((await start('olivia', 'any', { target: 'prod' })).status).toBe(
        403,
      );
      expect((await start('olivia', 'by-output')).status).toBe(403);
      nothingChanged();
      expect((await start('olivia', 'any', { target: 'dev' })).status).toBe(
        201,
      );
    });

    it('checks rerun and retry as a start', async () => {
      const run = (await start('pia', 'release')).body.id;
      t.service.setStatus(run, 'failed');
      t.service.changes.length = 0;
      expect((await post('olivia', `/workflow-runs/${run}/rerun`)).status).toBe(
        403,
      );
      expect((await post('olivia', `/workflow-runs/${run}/retry`)).status).toBe(
        403,
      );
      expect((await post('ivan', `/workflow-runs/${run}/retry`)).status).toBe(
        403,
      );
      expect(denied()).toEqual([
        'berth.environment.deploy',
        'berth.environment.deploy',
        'berth.workflow.run',
      ]);
      expect(t.service.changes).toEqual([]);
      expect(t.service.runs.get(run)!.status).toBe('failed');
      expect((await post('pia', `/workflow-runs/${run}/retry`)).status).toBe(
        200,
      );
    });

    it('retry checks the revision the run ran', async () => {
      const run = (await start('pia', 'relay')).body.id;
      t.service.setStatus(run, 'failed');
      expect((await update('pia', 'relay', devFlow)).status).toBe(200);
      t.service.changes.length = 0;
      expect((await post('ivan', `/workflow-runs/${run}/retry`)).status).toBe(
        403,
      );
      expect(t.service.changes).toEqual([]);
      // A rerun runs the newest revision, which triggers nothing.
      expect((await post('ivan', `/workflow-runs/${run}/rerun`)).status).toBe(
        201,
      );
    });
    it('keeps on the run the revisions it checked (transitively); retry and rerun check and keep them anew', async () => {
      const run = (await start('pia', 'outer')).body.id;
      const revisionOf = (name: string) =>
        t.service.workflows.get(ids[name])!.revision;
      expect(t.service.triggerRevisions.get(run)).toEqual({
        [ids.relay]: revisionOf('relay'),
        [ids.prod]: revisionOf('prod'),
      });
      // The triggered workflow changes after the run was created: the run
      // still holds what was checked; a retry checks and keeps the new one.
      expect((await update('pia', 'prod', devFlow)).status).toBe(200);
      expect(revisionOf('prod')).toBe(2);
      expect(t.service.triggerRevisions.get(run)![ids.prod]).toBe(1);
      t.service.setStatus(run, 'failed');
      expect((await post('pia', `/workflow-runs/${run}/retry`)).status).toBe(
        200,
      );
      expect(t.service.triggerRevisions.get(run)![ids.prod]).toBe(2);
      const rerun = await post('pia', `/workflow-runs/${run}/rerun`);
      expect(rerun.status).toBe(201);
      expect(t.service.triggerRevisions.get(rerun.body.id)).toEqual({
        [ids.relay]: revisionOf('relay'),
        [ids.prod]: 2,
      });
    });
  });

  describe('saving a definition', () => {
    it('refuses one that triggers a workflow the saver may not run (403, audited), nothing created', async () => {
      const res = await create('ivan', 'mine', triggering('prod'));
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(
        /^Not allowed to run workflow 'prod' of 'system:default\/shop', which 'mine' would trigger \(mine -> prod; job 'start' of 'mine'\): a workflow may trigger only workflows its saver and the creator of its run may run/,
      );
      expect(denials()).toEqual([
        expect.objectContaining({
          eventId: 'permission-denied',
          meta: expect.objectContaining({
            permission: 'berth.workflow.run',
            workflow: ids.prod,
            triggeredBy: 'mine',
          }),
        }),
      ]);
      // Through another workflow, or as an option of a param.
      expect((await create('ivan', 'mine', triggering('relay'))).status).toBe(
        403,
      );
      const option = triggering('${params.target}', undefined, [
        { name: 'target', type: 'choice', options: ['dev', 'prod'] },
      ]);
      expect((await create('ivan', 'mine', option)).status).toBe(403);
      expect(t.service.changes).toEqual([]);
      expect(denied()).toEqual([
        'berth.workflow.run',
        'berth.workflow.run',
        'berth.workflow.run',
      ]);
      expect((await create('ivan', 'mine', triggering('dev'))).status).toBe(
        201,
      );
    });

    it('refuses an update to such a definition (YAML too), no revision made', async () => {
      const before = t.service.revisions.get(ids.dev)!.length;
      expect((await update('ivan', 'dev', triggering('prod'))).status).toBe(
        403,
      );
      const yaml = await request(t.app)
        .put(`/workflows/${ids.dev}`)
        .set('Authorization', as('ivan'))
        .send({
          yaml: 'stages:\n  - name: s\n    jobs:\n      - { name: go, type: trigger-workflow, spec: { workflow: relay } }\n',
        });
      expect(yaml.status).toBe(403);
      expect(yaml.body.error.message).toMatch(/dev -> relay -> prod/);
      expect(denied()).toEqual(['berth.workflow.run', 'berth.workflow.run']);
      expect(t.service.changes).toEqual([]);
      expect(t.service.revisions.get(ids.dev)).toHaveLength(before);
      expect((await update('ivan', 'dev', triggering('by-param'))).status).toBe(
        403,
      );
      expect((await update('pia', 'dev', triggering('prod'))).status).toBe(200);
    });

    it.each([
      [
        'a workflow the project does not have',
        triggering('nope'),
        /^definition\.stages\.1\.jobs\.0\.spec\.workflow: job 'start' triggers workflow 'nope', which project system:default\/shop does not have/,
      ],
      [
        'its own workflow',
        triggering('mine'),
        /^definition\.stages\.1\.jobs\.0\.spec\.workflow: job 'start' triggers its own workflow 'mine'/,
      ],
    ])(
      'refuses one that triggers %s (400), nothing created',
      async (_, definition, message) => {
        const res = await create('pia', 'mine', definition);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(message);
        expect(t.service.changes).toEqual([]);
      },
    );

    it('refuses a cycle of workflow triggers (400), no revision made', async () => {
      await seed('a', devFlow);
      await seed('b', triggering('a'));
      t.service.changes.length = 0;
      const res = await update('pia', 'a', triggering('b'));
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(
        /^definition\.stages\.1\.jobs\.0\.spec\.workflow: job 'start' makes a cycle of workflow triggers: a -> b -> a/,
      );
      await seed('c', triggering('b'));
      t.service.changes.length = 0;
      expect(
        (await update('pia', 'a', triggering('c'))).body.error.message,
      ).toMatch(/a -> c -> b -> a/);
      expect(t.service.changes).toEqual([]);
      expect(t.service.revisions.get(ids.a)).toHaveLength(1);
    });
  });
});
