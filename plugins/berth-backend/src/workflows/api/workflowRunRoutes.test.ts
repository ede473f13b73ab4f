import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { workflowApp } from './__testUtils__/workflowApp';
import { devFlow, paramFlow, prodFlow } from './__testUtils__/definitions';

jest.setTimeout(60_000);
const as = (name: string) =>
  mockCredentials.user.header(`user:default/${name}`);
const shop = '/projects/default/shop/workflows';
const unknownId = '00000000-0000-4000-8000-000000000000';

describe('workflow routes: runs, logs and approvals', () => {
  let t: Awaited<ReturnType<typeof workflowApp>>;
  let dev: string;
  let prod: string;
  let byParam: string;
  beforeEach(async () => {
    t = await workflowApp();
    const create = async (who: string, name: string, definition: object) =>
      (
        await request(t.app)
          .post(shop)
          .set('Authorization', as(who))
          .send({ name, definition })
      ).body.id;
    dev = await create('olivia', 'dev', devFlow);
    prod = await create('pia', 'prod', prodFlow);
    byParam = await create('pia', 'by-param', paramFlow);
    t.service.changes.length = 0;
  });
  afterEach(() => t.close());

  const post = (who: string, path: string, body: object = {}) =>
    request(t.app).post(path).set('Authorization', as(who)).send(body);
  const get = (who: string, path: string) =>
    request(t.app).get(path).set('Authorization', as(who));
  const start = (who: string, workflowId: string, params?: object) =>
    post(who, `/workflows/${workflowId}/runs`, params ? { params } : {});
  const denied = () =>
    t.auditor.events
      .filter(e => e.eventId === 'permission-denied')
      .map(e => (e.meta as { permission: string }).permission);

  describe('POST /workflows/:workflowId/runs', () => {
    it('starts a run as the caller, audited', async () => {
      const res = await start('olivia', dev);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        workflowId: dev,
        status: 'queued',
        createdBy: 'user:default/olivia',
        trigger: { type: 'manual', actor: 'user:default/olivia' },
      });
      expect(t.auditor.events.map(e => e.eventId)).toContain(
        'workflow-run-start',
      );
    });

    it('refuses bad params with a 400 naming them, nothing started', async () => {
      const notAValue = await start('olivia', dev, { x: { nested: true } });
      expect(notAValue.status).toBe(400);
      expect(notAValue.body.error.message).toMatch(/params\.x/);
      const unknownParam = await start('olivia', dev, { x: 'y' });
      expect(unknownParam.status).toBe(400);
      expect(unknownParam.body.error.message).toMatch(/params\.x/);
      const extra = await post('olivia', `/workflows/${dev}/runs`, {
        param: {},
      });
      expect(extra.body.error.message).toMatch(/param: unknown field/);
      expect(t.service.changes).toEqual([]);
    });

    it('refuses a caller who may not run the workflow (403) and unknown ids (404)', async () => {
      expect((await start('otto', dev)).status).toBe(403);
      expect(denied()).toEqual(['berth.workflow.run']);
      expect((await start('olivia', unknownId)).status).toBe(404);
      expect(t.service.changes).toEqual([]);
    });

    it('refuses a caller who may not deploy to a target environment (403, audited), nothing started', async () => {
      const res = await start('olivia', prod);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/deploy environment 'prod'/);
      expect(denied()).toEqual(['berth.environment.deploy']);
      expect(t.service.changes).toEqual([]);
      expect((await start('pia', prod)).status).toBe(201);
    });

    it('checks the environment a param names', async () => {
      expect((await start('olivia', byParam, { env: 'prod' })).status).toBe(
        403,
      );
      expect((await start('olivia', byParam, { env: 'dev' })).status).toBe(201);
      expect(t.service.changes).toEqual(['start by-param']);
    });
  });

  describe('run lists', () => {
    it('GET /workflows/:id/runs: newest first, by status; 400 bad status or limit; 403; 404', async () => {
      const first = (await start('olivia', dev)).body.id;
      const second = (await start('olivia', dev)).body.id;
      t.service.setStatus(first, 'failed');
      const all = await get('olivia', `/workflows/${dev}/runs`);
      expect(all.body.items.map((r: any) => r.id)).toEqual([second, first]);
      const failed = await get(
        'olivia',
        `/workflows/${dev}/runs?status=failed,cancelled&limit=5`,
      );
      expect(failed.body.items.map((r: any) => r.id)).toEqual([first]);
      const bad = await get('olivia', `/workflows/${dev}/runs?status=broken`);
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/^status: 'broken' is not one of/);
      expect(
        (await get('olivia', `/workflows/${dev}/runs?limit=501`)).status,
      ).toBe(400);
      expect((await get('otto', `/workflows/${dev}/runs`)).status).toBe(403);
      expect((await get('olivia', `/workflows/${unknownId}/runs`)).status).toBe(
        404,
      );
    });

    it('GET /workflow-runs: the runs the caller may read, their own runs included (filtered in SQL)', async () => {
      const olivias = (await start('olivia', dev)).body.id;
      // A trigger saved by otto started a run of shop's workflow as him.
      const ottos = (
        await t.service.startRun(
          dev,
          {},
          { type: 'cron', actor: 'user:default/otto' },
        )
      ).id;
      const ids = async (who: string, query = '') =>
        (await get(who, `/workflow-runs${query}`)).body.items.map(
          (r: any) => r.id,
        );
      expect(await ids('olivia')).toEqual([ottos, olivias]);
      expect(await ids('otto')).toEqual([ottos]);
      expect(await ids('olivia', '?projectRef=system:default/bank')).toEqual(
        [],
      );
      expect(await ids('olivia', '?status=queued&limit=1')).toEqual([ottos]);
      expect(
        await ids('ada', `?environmentId=${t.environments.shopDev.id}`),
      ).toEqual([ottos, olivias]);
      expect((await get('olivia', '/workflow-runs?status=')).status).toBe(400);
      expect((await get('olivia', '/workflow-runs?colour=red')).status).toBe(
        400,
      );
      expect((await get('nobody', '/workflow-runs')).status).toBe(403);
      // otto reads his run, not the workflow.
      expect((await get('otto', `/workflow-runs/${ottos}`)).status).toBe(200);
      expect((await get('otto', `/workflow-runs/${olivias}`)).status).toBe(403);
      expect((await get('otto', `/workflows/${dev}`)).status).toBe(403);
    });

    it('GET /workflow-runs/:runId: the run with its stages; 404 unknown; 400 not an id', async () => {
      const id = (await start('olivia', dev)).body.id;
      const res = await get('olivia', `/workflow-runs/${id}`);
      expect(res.body).toMatchObject({
        id,
        stages: [{ name: 'deploy', jobs: [{ job: 'dev' }] }],
      });
      expect((await get('olivia', `/workflow-runs/${unknownId}`)).status).toBe(
        404,
      );
      expect((await get('olivia', '/workflow-runs/x')).status).toBe(400);
    });
  });

  describe('run actions', () => {
    let run: string;
    beforeEach(async () => {
      run = (await start('olivia', dev)).body.id;
      t.service.changes.length = 0;
    });

    it('cancel: 200, audited; 409 once finished; 403; 404', async () => {
      expect((await post('otto', `/workflow-runs/${run}/cancel`)).status).toBe(
        403,
      );
      const res = await post('olivia', `/workflow-runs/${run}/cancel`);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('cancelled');
      expect(
        (await post('olivia', `/workflow-runs/${run}/cancel`)).status,
      ).toBe(409);
      expect(
        (await post('olivia', `/workflow-runs/${unknownId}/cancel`)).status,
      ).toBe(404);
      expect(
        t.auditor.events.filter(e => e.eventId === 'workflow-run-cancel'),
      ).toHaveLength(4);
      expect(t.service.changes).toEqual([`cancel ${run}`]);
    });

    it('retry: 409 unless failed; 200 when failed; 403; 404', async () => {
      expect((await post('olivia', `/workflow-runs/${run}/retry`)).status).toBe(
        409,
      );
      t.service.setStatus(run, 'failed');
      expect((await post('otto', `/workflow-runs/${run}/retry`)).status).toBe(
        403,
      );
      expect((await post('olivia', `/workflow-runs/${run}/retry`)).status).toBe(
        200,
      );
      expect(
        (await post('olivia', `/workflow-runs/${unknownId}/retry`)).status,
      ).toBe(404);
      expect(t.service.changes).toEqual([`retry ${run}`]);
    });

    it('retry and rerun need the deploy permission on the targets again', async () => {
      const prodRun = (await start('pia', prod)).body.id;
      t.service.setStatus(prodRun, 'failed');
      t.service.changes.length = 0;
      expect(
        (await post('olivia', `/workflow-runs/${prodRun}/retry`)).status,
      ).toBe(403);
      expect(
        (await post('olivia', `/workflow-runs/${prodRun}/rerun`)).status,
      ).toBe(403);
      expect(t.service.changes).toEqual([]);
      expect(
        (await post('pia', `/workflow-runs/${prodRun}/rerun`)).status,
      ).toBe(201);
    });

    it('rerun: 201 with a new run; 403; 404', async () => {
      const res = await post('olivia', `/workflow-runs/${run}/rerun`);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        sequence: 2,
        trigger: { type: 'rerun', runId: run },
      });
      expect((await post('otto', `/workflow-runs/${run}/rerun`)).status).toBe(
        403,
      );
      expect(
        (await post('olivia', `/workflow-runs/${unknownId}/rerun`)).status,
      ).toBe(404);
    });

    it('continue a manual stage: 409 when it does not wait; 200 when it does; 404 unknown stage; 403', async () => {
      const path = `/workflow-runs/${run}/stages/deploy/continue`;
      expect((await post('olivia', path)).status).toBe(409);
      const stage = t.service.runs.get(run)!.stages[0];
      stage.manual = true;
      stage.status = 'waiting';
      expect((await post('otto', path)).status).toBe(403);
      expect((await post('olivia', path)).status).toBe(200);
      expect(
        (await post('olivia', `/workflow-runs/${run}/stages/nope/continue`))
          .status,
      ).toBe(404);
      expect(
        t.auditor.events.filter(e => e.eventId === 'workflow-stage-continue'),
      ).toHaveLength(4);
    });
  });

  describe('job logs', () => {
    let run: string;
    let job: string;
    beforeEach(async () => {
      run = (await start('olivia', dev)).body.id;
      job = t.service.runs.get(run)!.stages[0].jobs[0].id;
      const writer = t.jobLogs.writer({
        runId: run,
        jobRunId: job,
        attempt: 1,
      });
      writer.write('one\n');
      await writer.flush();
      writer.write('two\n');
      await writer.close();
    });

    it('GET logs: chunks after a sequence; 400 bad after; 404 for a job of another run; 403', async () => {
      const all = await get('olivia', `/workflow-runs/${run}/jobs/${job}/logs`);
      expect(all.body.items.map((c: any) => c.text)).toEqual([
        'one\n',
        'two\n',
      ]);
      const after = await get(
        'olivia',
        `/workflow-runs/${run}/jobs/${job}/logs?after=${all.body.items[0].sequence}&limit=10`,
      );
      expect(after.body.items.map((c: any) => c.text)).toEqual(['two\n']);
      const bad = await get(
        'olivia',
        `/workflow-runs/${run}/jobs/${job}/logs?after=-1`,
      );
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/after/);
      const other = (await start('olivia', dev)).body.id;
      expect(
        (await get('olivia', `/workflow-runs/${other}/jobs/${job}/logs`))
          .status,
      ).toBe(404);
      expect(
        (await get('otto', `/workflow-runs/${run}/jobs/${job}/logs`)).status,
      ).toBe(403);
    });

    it('GET logs/stream: the chunks as server-sent events, then end once the job finished; resumes from Last-Event-ID', async () => {
      t.service.setStatus(run, 'succeeded', 'succeeded');
      const res = await get(
        'olivia',
        `/workflow-runs/${run}/jobs/${job}/logs/stream`,
      );
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/event-stream/);
      const chunks = [...res.text.matchAll(/event: chunk\ndata: (.*)\n/g)].map(
        m => JSON.parse(m[1]).text,
      );
      expect(chunks).toEqual(['one\n', 'two\n']);
      expect(res.text).toMatch(/event: end\n/);
      const first = /id: (\d+)/.exec(res.text)![1];
      const resumed = await get(
        'olivia',
        `/workflow-runs/${run}/jobs/${job}/logs/stream`,
      ).set('Last-Event-ID', first);
      expect(
        [...resumed.text.matchAll(/event: chunk\ndata: (.*)\n/g)].map(
          m => JSON.parse(m[1]).text,
        ),
      ).toEqual(['two\n']);
    });

    it('GET logs/stream: refuses before streaming (400 bad after, 403, 404)', async () => {
      expect(
        (
          await get(
            'olivia',
            `/workflow-runs/${run}/jobs/${job}/logs/stream?after=x`,
          )
        ).status,
      ).toBe(400);
      expect(
        (await get('otto', `/workflow-runs/${run}/jobs/${job}/logs/stream`))
          .status,
      ).toBe(403);
      expect(
        (
          await get(
            'olivia',
            `/workflow-runs/${run}/jobs/${unknownId}/logs/stream`,
          )
        ).status,
      ).toBe(404);
    });
  });

  describe('approvals', () => {
    let approval: string;
    beforeEach(async () => {
      const run = (await start('pia', prod)).body.id;
      approval = t.service.askApproval(run, {
        approvers: ['group:default/release-managers'],
      }).id;
      t.service.changes.length = 0;
    });
    const decide = (who: string, body: object, id = approval) =>
      post(who, `/workflow-approvals/${id}/decision`, body);

    it('GET /workflow-approvals: mine=true are those the caller may decide; others filtered by read', async () => {
      const ids = async (who: string, query = '') =>
        (await get(who, `/workflow-approvals${query}`)).body.items.map(
          (a: any) => a.id,
        );
      expect(await ids('rita', '?mine=true')).toEqual([approval]);
      expect(await ids('olivia', '?mine=true')).toEqual([]);
      expect(await ids('olivia')).toEqual([approval]);
      expect(await ids('otto')).toEqual([]);
      expect(await ids('rita', '?status=approved')).toEqual([]);
      const item = (await get('rita', '/workflow-approvals?status=waiting'))
        .body.items[0];
      expect(item).toMatchObject({
        id: approval,
        status: 'waiting',
        run: { workflowName: 'prod' },
      });
      const bad = await get('rita', '/workflow-approvals?status=pending');
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/^status:/);
      expect((await get('rita', '/workflow-approvals?mine=yes')).status).toBe(
        400,
      );
    });

    it('an approver approves, audited; a second decision of theirs is a 409', async () => {
      const res = await decide('rita', {
        decision: 'approve',
        comment: 'ship it',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'approved',
        decisions: [
          expect.objectContaining({
            by: 'user:default/rita',
            comment: 'ship it',
          }),
        ],
      });
      expect(t.auditor.events.map(e => e.eventId)).toContain(
        'workflow-approval-decide',
      );
      expect((await decide('rita', { decision: 'reject' })).status).toBe(409);
    });

    it('refuses a non-approver, the run creator and callers without the permission (403, audited), nothing decided', async () => {
      const notApprover = await decide('olivia', { decision: 'approve' });
      expect(notApprover.status).toBe(403);
      expect((await decide('ada', { decision: 'approve' })).status).toBe(403);
      expect((await decide('pia', { decision: 'approve' })).status).toBe(403);
      expect((await decide('otto', { decision: 'approve' })).status).toBe(403);
      expect(denied()).toEqual([
        'berth.workflow.approve',
        'berth.workflow.approve',
        'berth.workflow.approve',
        'berth.workflow.approve',
      ]);
      expect(t.service.changes).toEqual([]);
      expect(t.service.approvals.get(approval)!.decisions).toEqual([]);
    });

    it('refuses bad input (400 naming the field) and unknown approvals (404)', async () => {
      const bad = await decide('rita', { decision: 'maybe' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(
        /decision: must be equal to one of the allowed values/,
      );
      expect((await decide('rita', {})).body.error.message).toMatch(/decision/);
      expect(
        (await decide('rita', { decision: 'approve', by: 'x' })).body.error
          .message,
      ).toMatch(/by: unknown field/);
      expect(
        (await decide('rita', { decision: 'approve' }, unknownId)).status,
      ).toBe(404);
      expect((await decide('rita', { decision: 'approve' }, 'x')).status).toBe(
        400,
      );
      expect(t.service.changes).toEqual([]);
    });
  });
});
