import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createBerthTestDatabases } from '../../__testUtils__/testDatabases';
import { writeTestProjectFile } from '../../__testUtils__/testProjectFile';
import { startGithubWebhookBackend } from './__testUtils__/githubWebhookTestBackend';
import { eventually, signGithub } from './__testUtils__/githubWebhookTestKit';
import { githubPushPayload, SHA_A } from './testPayloads';

// The whole path of issue #14's git trigger, with nothing of Berth's
// replaced: a signed GitHub webhook over HTTP into the events backend's
// ingress, its GitHub module routing it to `github.push`, and the Berth
// plugin itself (its triggers subscribed as plugin.ts subscribes them, its
// engine and service, its routes) on SQLite and PostgreSQL.
jest.setTimeout(180_000);

const databases = createBerthTestDatabases();

const SECRET = `github-secret-${randomUUID()}`;
const project = `hooks-${Math.random().toString(36).slice(2, 8)}`;
const projectRef = `system:default/${project}`;
const projectFile = writeTestProjectFile(project);
const api = (path: string) => `/api/berth${path}`;

const workflowYaml = `
title: Cart CI
params:
  - { name: revision, type: string }
  - { name: branch, type: string }
  - { name: repo, type: string }
stages:
  - name: build
    jobs:
      - { name: echo, type: echo, spec: { message: '\${params.revision}' } }
triggers:
  - type: git
    name: cart-push
    provider: github
    repo: acme/shop
    events: [push]
    branches: '^main$'
    paths: ['services/cart/**']
    params:
      revision: '\${event.commit}'
      branch: '\${event.branch}'
      repo: '\${event.repo}'
`;

/** The backend of these tests: the workflow above saved in the project. */
const startBackend = (knex: Knex) =>
  startGithubWebhookBackend({
    knex,
    otherPluginKnex: () => databases.init('SQLITE_3'),
    secret: SECRET,
    projectFile,
    project,
    workflowYaml,
  });

describe.each(databases.eachSupportedId())(
  'a GitHub push webhook through the events backend to the Berth plugin on %s',
  id => {
    it('a signed push matching the trigger queues exactly one git run with the mapped params; the same delivery again queues none and is recorded duplicate', async () => {
      const knex = await databases.init(id);
      const { backend, server, workflowId, postPush, runRows, deliveries } =
        await startBackend(knex);
      try {
        const payload = githubPushPayload({
          files: [['services/cart/src/app.ts', 'docs/cart.md']],
        });
        const deliveryId = 'a1a1a1a1-0000-4000-8000-000000000001';

        const first = await postPush(payload, deliveryId);
        expect(first.status).toBe(202);
        const [run] = await eventually(async () => {
          const rows = await runRows();
          expect(rows).toHaveLength(1);
          return rows;
        });
        expect(run).toEqual({
          id: expect.any(String),
          projectRef,
          // Git runs act as whoever saved the workflow.
          createdBy: 'user:default/mock',
          params: { revision: SHA_A, branch: 'main', repo: 'acme/shop' },
          trigger: expect.objectContaining({
            type: 'git',
            name: 'cart-push',
            actor: 'user:default/mock',
            deliveryId,
            commit: SHA_A,
            branch: 'main',
          }),
        });
        const matched = await eventually(async () => {
          const items = await deliveries();
          expect(items).toEqual([
            expect.objectContaining({ outcome: 'matched', runId: run.id }),
          ]);
          return items[0];
        });
        expect(matched).toMatchObject({
          workflowId,
          trigger: 'cart-push',
          source: 'github',
          event: 'push',
          deliveryId,
          reason: expect.stringContaining('services/cart/src/app.ts'),
        });

        // GitHub retries a delivery with the same id.
        const again = await postPush(payload, deliveryId);
        expect(again.status).toBe(202);
        await eventually(async () =>
          expect(
            (await deliveries()).map(d => [d.deliveryId, d.outcome, d.runId]),
          ).toEqual([
            [deliveryId, 'duplicate', undefined],
            [deliveryId, 'matched', run.id],
          ]),
        );
        expect((await deliveries())[0].reason).toBe(
          `delivery ${deliveryId} was received before (a retry): nothing started`,
        );
        expect((await runRows()).map(r => r.id)).toEqual([run.id]);

        // The run is a real one: the engine runs it with the mapped params.
        const runs = await eventually(async () => {
          const res = await request(server).get(
            api(`/workflows/${workflowId}/runs`),
          );
          expect(res.body.items).toEqual([
            expect.objectContaining({ id: run.id, status: 'succeeded' }),
          ]);
          return res.body.items;
        });
        expect(runs[0]).toMatchObject({
          params: { revision: SHA_A },
          trigger: { type: 'git', deliveryId },
        });
      } finally {
        await backend.stop();
      }
    });

    it('a signed push touching only paths outside the globs queues none and is recorded ignored with the reason', async () => {
      const knex = await databases.init(id);
      const { backend, postPush, runRows, deliveries } = await startBackend(
        knex,
      );
      try {
        const payload = githubPushPayload({
          files: [['docs/guide.md'], ['README.md', 'services/bank/a.ts']],
        });
        const response = await postPush(payload, 'docs-only-1');
        expect(response.status).toBe(202);
        await eventually(async () =>
          expect(await deliveries()).toEqual([
            expect.objectContaining({
              trigger: 'cart-push',
              source: 'github',
              event: 'push',
              deliveryId: 'docs-only-1',
              outcome: 'ignored',
              reason:
                'no changed file matches paths [services/cart/**] (changed: docs/guide.md, README.md, services/bank/a.ts)',
            }),
          ]),
        );
        expect((await deliveries())[0].runId).toBeUndefined();
        expect(await runRows()).toEqual([]);
      } finally {
        await backend.stop();
      }
    });

    it('a push with a bad or missing signature is refused by the ingress (403) and recorded nowhere', async () => {
      const knex = await databases.init(id);
      const { backend, postPush, runRows, deliveries } = await startBackend(
        knex,
      );
      try {
        const payload = githubPushPayload({
          files: [['services/cart/src/app.ts']],
        });
        const body = JSON.stringify(payload);
        const wrongSecret = await postPush(
          payload,
          'bad-1',
          signGithub(body, 'not-the-secret'),
        );
        expect(wrongSecret.status).toBe(403);
        expect(wrongSecret.body).toEqual({ message: 'invalid signature' });
        const altered = await postPush(
          { ...payload, after: 'f'.repeat(40) },
          'bad-2',
          signGithub(body, SECRET),
        );
        expect(altered.status).toBe(403);
        const unsigned = await postPush(payload, 'bad-3', '');
        expect(unsigned.status).toBe(403);

        // A signed delivery after them (touching nothing the trigger
        // watches): once it is recorded, the refused ones would have been.
        const docs = githubPushPayload({ files: [['docs/guide.md']] });
        expect((await postPush(docs, 'good-after')).status).toBe(202);
        await eventually(async () =>
          expect((await deliveries()).map(d => d.deliveryId)).toEqual([
            'good-after',
          ]),
        );
        expect(await runRows()).toEqual([]);
      } finally {
        await backend.stop();
      }
    });
  },
);
