import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import eventsPlugin from '@backstage/plugin-events-backend';
import {
  eventsServiceFactory,
  eventsServiceRef,
} from '@backstage/plugin-events-node';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import {
  createBerthTestDatabases,
  migratedDatabase,
} from '../../__testUtils__/testDatabases';
import {
  eventsConfig,
  eventually,
  githubEventsModules,
  loadedModules,
  signGithub,
} from './__testUtils__/githubWebhookTestKit';
import { RecordingTriggerTarget } from './recordingTriggerTarget';
import { registerWorkflowTriggers } from './registerWorkflowTriggers';
import { TriggerDeliveryStore } from './TriggerDeliveryStore';
import { githubPushPayload, gitlabPushPayload } from './testPayloads';

jest.setTimeout(120_000);

const databases = createBerthTestDatabases();

const GITHUB_SECRET = `github-secret-${randomUUID()}`;
const GITLAB_SECRET = `gitlab-secret-${randomUUID()}`;

const sign = (body: string, secret = GITHUB_SECRET) => signGithub(body, secret);

/**
 * The backend's events wiring (the events backend with its GitHub and GitLab
 * modules, signature and token validation on) and Berth's triggers on a
 * recording target, on a real database.
 */
async function startBackend(knex: Knex) {
  const workflowId = randomUUID();
  const target = new RecordingTriggerTarget([
    {
      workflowId,
      projectRef: 'system:default/shop',
      workflowName: 'cart-ci',
      savedBy: 'user:default/ada',
      triggers: [
        {
          type: 'git',
          name: 'cart-push',
          provider: 'github',
          repo: 'acme/shop',
          events: ['push'],
          branches: '^main$',
          paths: ['services/cart/**'],
          params: { revision: '${event.commit}' },
        },
        {
          type: 'git',
          name: 'cart-gitlab',
          provider: 'gitlab',
          repo: 'acme/shop',
          events: ['push'],
        },
      ],
    },
  ]);
  const triggersPlugin = createBackendPlugin({
    pluginId: 'berth-triggers-test',
    register(env) {
      env.registerInit({
        deps: {
          events: eventsServiceRef,
          scheduler: coreServices.scheduler,
          logger: coreServices.logger,
        },
        async init({ events, scheduler, logger }) {
          await registerWorkflowTriggers({
            knex,
            events,
            scheduler,
            logger,
            target,
            config: { deliveryRetentionDays: 30, cronCatchUpMinutes: 15 },
          });
        },
      });
    },
  });
  const backend = await startTestBackend({
    features: [
      mockServices.rootConfig.factory({
        data: {
          events: eventsConfig({
            github: GITHUB_SECRET,
            gitlab: GITLAB_SECRET,
          }),
        },
      }),
      // The real events service (one bus for every plugin), not the test
      // backend's per-plugin mock.
      eventsServiceFactory,
      eventsPlugin,
      ...githubEventsModules(),
      ...loadedModules('@backstage/plugin-events-backend-module-gitlab', [
        'eventsModuleGitlabEventRouter.cjs.js',
        'eventsModuleGitlabWebhook.cjs.js',
      ]),
      triggersPlugin,
    ],
  });
  const deliveries = new TriggerDeliveryStore(knex);
  const postGithub = (
    payload: unknown,
    headers: Record<string, string>,
    event = 'push',
  ) => {
    const body = JSON.stringify(payload);
    return request(backend.server)
      .post('/api/events/http/github')
      .set('content-type', 'application/json')
      .set('x-github-event', event)
      .set(headers)
      .send(body);
  };
  return { backend, target, workflowId, deliveries, postGithub };
}

describe.each(databases.eachSupportedId())(
  'GitHub and GitLab webhooks through the events backend to workflow triggers on %s',
  id => {
    it('a signed push starts exactly one run; the same delivery again starts none and is recorded duplicate', async () => {
      const knex = await migratedDatabase(databases, id);
      const { backend, target, workflowId, deliveries, postGithub } =
        await startBackend(knex);
      try {
        const payload = githubPushPayload({
          files: [['services/cart/src/app.ts']],
        });
        const body = JSON.stringify(payload);
        const headers = {
          'x-github-delivery': 'f0e1d2c3-0000-4000-8000-000000000001',
          'x-hub-signature-256': sign(body),
        };
        const first = await postGithub(payload, headers);
        expect(first.status).toBe(202);
        await eventually(async () => expect(target.runs).toHaveLength(1));
        expect(target.runs[0]).toMatchObject({
          workflowId,
          trigger: {
            type: 'git',
            name: 'cart-push',
            deliveryId: 'f0e1d2c3-0000-4000-8000-000000000001',
            actor: 'user:default/ada',
          },
        });

        const again = await postGithub(payload, headers);
        expect(again.status).toBe(202);
        await eventually(async () =>
          expect(
            (
              await deliveries.list(workflowId, { trigger: 'cart-push' })
            ).map(d => [d.outcome, d.runId]),
          ).toEqual([
            ['duplicate', undefined],
            ['matched', target.runs[0].runId],
          ]),
        );
        expect(target.runs).toHaveLength(1);
      } finally {
        await backend.stop();
      }
    });

    it('refuses a push with a bad or missing signature (403) and records nothing', async () => {
      const knex = await migratedDatabase(databases, id);
      const { backend, target, deliveries, workflowId, postGithub } =
        await startBackend(knex);
      try {
        const payload = githubPushPayload({ files: [['services/cart/a.ts']] });
        const body = JSON.stringify(payload);
        const wrongSecret = await postGithub(payload, {
          'x-github-delivery': 'bad-1',
          'x-hub-signature-256': sign(body, 'not-the-secret'),
        });
        expect(wrongSecret.status).toBe(403);
        expect(wrongSecret.body).toEqual({ message: 'invalid signature' });
        // Signed, then altered on the way.
        const altered = await postGithub(
          { ...payload, ref: 'refs/heads/evil' },
          { 'x-github-delivery': 'bad-2', 'x-hub-signature-256': sign(body) },
        );
        expect(altered.status).toBe(403);
        const unsigned = await postGithub(payload, {
          'x-github-delivery': 'bad-3',
        });
        expect(unsigned.status).toBe(403);
        // A good delivery after them: once it is recorded, it is the only one.
        const good = await postGithub(payload, {
          'x-github-delivery': 'good-1',
          'x-hub-signature-256': sign(body),
        });
        expect(good.status).toBe(202);
        await eventually(async () =>
          expect(
            (await deliveries.list(workflowId)).map(d => d.deliveryId),
          ).toEqual(['good-1']),
        );
        expect(target.runs.map(r => r.trigger.deliveryId)).toEqual(['good-1']);
      } finally {
        await backend.stop();
      }
    });

    it('a push touching only unmatched paths starts none and is recorded ignored with the reason', async () => {
      const knex = await migratedDatabase(databases, id);
      const { backend, target, deliveries, workflowId, postGithub } =
        await startBackend(knex);
      try {
        const payload = githubPushPayload({
          files: [['docs/guide.md', 'README.md']],
        });
        const response = await postGithub(payload, {
          'x-github-delivery': 'docs-only-1',
          'x-hub-signature-256': sign(JSON.stringify(payload)),
        });
        expect(response.status).toBe(202);
        await eventually(async () =>
          expect(await deliveries.list(workflowId)).toEqual([
            expect.objectContaining({
              trigger: 'cart-push',
              source: 'github',
              event: 'push',
              deliveryId: 'docs-only-1',
              outcome: 'ignored',
              reason:
                'no changed file matches paths [services/cart/**] (changed: docs/guide.md, README.md)',
            }),
          ]),
        );
        expect(target.runs).toHaveLength(0);
      } finally {
        await backend.stop();
      }
    });

    it('100 signed pushes, 10 of them delivered twice, and 10 unsigned: 100 runs, none from duplicates, unsigned refused', async () => {
      const knex = await migratedDatabase(databases, id);
      const { backend, target, deliveries, workflowId, postGithub } =
        await startBackend(knex);
      try {
        const started = Date.now();
        const statuses: number[] = [];
        for (let i = 0; i < 100; i++) {
          const payload = githubPushPayload({
            files: [[`services/cart/file-${i}.ts`]],
          });
          const headers = {
            'x-github-delivery': `load-${i}`,
            'x-hub-signature-256': sign(JSON.stringify(payload)),
          };
          statuses.push((await postGithub(payload, headers)).status);
          if (i % 10 === 0) {
            statuses.push((await postGithub(payload, headers)).status);
            statuses.push(
              (
                await postGithub(payload, {
                  'x-github-delivery': `unsigned-${i}`,
                })
              ).status,
            );
          }
        }
        await eventually(async () => expect(target.runs).toHaveLength(100));
        const seconds = (Date.now() - started) / 1000;
        expect(statuses.filter(s => s === 202)).toHaveLength(110);
        expect(statuses.filter(s => s === 403)).toHaveLength(10);
        const rows = await deliveries.list(workflowId, {
          trigger: 'cart-push',
          limit: 500,
        });
        expect(rows.filter(r => r.outcome === 'matched')).toHaveLength(100);
        expect(rows.filter(r => r.outcome === 'duplicate')).toHaveLength(10);
        expect(rows.some(r => r.deliveryId?.startsWith('unsigned'))).toBe(
          false,
        );
        expect(new Set(target.runs.map(r => r.trigger.deliveryId)).size).toBe(
          100,
        );
        // The figure of bench/workflows' webhook line, printed for the README.
        // eslint-disable-next-line no-console
        console.log(
          `webhooks on ${id}: 120 requests (100 signed, 10 duplicates, 10 unsigned) in ${seconds.toFixed(
            1,
          )} s: 100 runs, 10 duplicates recorded, 10 refused`,
        );
      } finally {
        await backend.stop();
      }
    });

    it('GitLab: a push with the token starts a run; a wrong token is refused (403) and recorded nowhere', async () => {
      const knex = await migratedDatabase(databases, id);
      const { backend, target, deliveries, workflowId } = await startBackend(
        knex,
      );
      try {
        const payload = gitlabPushPayload({});
        const post = (token: string, uuid: string) =>
          request(backend.server)
            .post('/api/events/http/gitlab')
            .set('content-type', 'application/json')
            .set('x-gitlab-event', 'Push Hook')
            .set('x-gitlab-event-uuid', uuid)
            .set('x-gitlab-token', token)
            .send(JSON.stringify(payload));
        expect((await post('wrong', 'gl-1')).status).toBe(403);
        expect((await post(GITLAB_SECRET, 'gl-2')).status).toBe(202);
        await eventually(async () =>
          expect(target.runs.map(r => r.trigger)).toEqual([
            expect.objectContaining({
              name: 'cart-gitlab',
              deliveryId: 'gl-2',
            }),
          ]),
        );
        expect(
          (await deliveries.list(workflowId)).map(d => [
            d.trigger,
            d.deliveryId,
            d.outcome,
          ]),
        ).toEqual([['cart-gitlab', 'gl-2', 'matched']]);
      } finally {
        await backend.stop();
      }
    });
  },
);
