import { mockServices } from '@backstage/backend-test-utils';
import { DefaultEventsService } from '@backstage/plugin-events-node';
import { randomUUID } from 'node:crypto';
import {
  createBerthTestDatabases,
  migratedDatabase,
} from '../../__testUtils__/testDatabases';
import { GitTriggerSubscriber } from './GitTriggerSubscriber';
import { RecordingTriggerTarget } from './recordingTriggerTarget';
import { TriggerDeliveryStore } from './TriggerDeliveryStore';
import {
  SHA_A,
  githubPullRequestPayload,
  githubPushPayload,
  gitlabMergeRequestPayload,
} from './testPayloads';

jest.setTimeout(120_000);

const databases = createBerthTestDatabases();

function shopWorkflow(workflowId = randomUUID()) {
  return {
    workflowId,
    projectRef: 'system:default/shop',
    workflowName: 'cart-ci',
    savedBy: 'user:default/ada',
    triggers: [
      {
        type: 'git' as const,
        name: 'cart-push',
        provider: 'github' as const,
        repo: 'acme/shop',
        events: ['push' as const],
        branches: '^main$',
        paths: ['services/cart/**'],
        params: { revision: '${event.commit}', branch: '${event.branch}' },
        supersede: true,
      },
      {
        type: 'git' as const,
        name: 'cart-pr',
        provider: 'github' as const,
        repo: 'acme/shop',
        events: ['pull_request' as const],
      },
      {
        type: 'git' as const,
        name: 'gitlab-mirror',
        provider: 'gitlab' as const,
        repo: 'acme/shop',
        events: ['push' as const],
      },
      { type: 'cron' as const, name: 'nightly', cron: '0 3 * * *' },
    ],
  };
}

describe.each(databases.eachSupportedId())('GitTriggerSubscriber on %s', id => {
  async function setUp() {
    const knex = await migratedDatabase(databases, id);
    const deliveries = new TriggerDeliveryStore(knex);
    const workflow = shopWorkflow();
    const target = new RecordingTriggerTarget([workflow]);
    const logger = mockServices.logger.mock();
    const subscriber = new GitTriggerSubscriber({ target, deliveries, logger });
    // The events service the events backend publishes webhooks through.
    const events = DefaultEventsService.create({ logger }).forPlugin('berth');
    await subscriber.subscribe(events);
    const publishPush = (
      deliveryId: string,
      options: Parameters<typeof githubPushPayload>[0],
    ) =>
      events.publish({
        topic: 'github.push',
        eventPayload: githubPushPayload(options),
        metadata: {
          'x-github-event': 'push',
          'x-github-delivery': deliveryId,
        },
      });
    return { knex, deliveries, workflow, target, logger, events, publishPush };
  }

  it('starts one run for a matching push, as who saved the trigger, and records every github trigger', async () => {
    const { deliveries, workflow, target, publishPush } = await setUp();
    await publishPush('delivery-1', {
      files: [['services/cart/src/app.ts']],
    });

    expect(target.runs).toEqual([
      {
        runId: expect.any(String),
        workflowId: workflow.workflowId,
        params: { revision: SHA_A, branch: 'main' },
        trigger: {
          type: 'git',
          actor: 'user:default/ada',
          name: 'cart-push',
          deliveryId: 'delivery-1',
          commit: SHA_A,
          branch: 'main',
        },
        options: { supersedeKey: 'git:cart-push:main' },
      },
    ]);
    const recorded = await deliveries.list(workflow.workflowId);
    // Both GitHub triggers, not the GitLab nor the cron one.
    expect(
      recorded
        .map(({ trigger, outcome, runId, source, event, deliveryId }) => ({
          trigger,
          outcome,
          runId,
          source,
          event,
          deliveryId,
        }))
        .sort((a, b) => a.trigger.localeCompare(b.trigger)),
    ).toEqual([
      {
        trigger: 'cart-pr',
        outcome: 'ignored',
        runId: undefined,
        source: 'github',
        event: 'push',
        deliveryId: 'delivery-1',
      },
      {
        trigger: 'cart-push',
        outcome: 'matched',
        runId: target.runs[0].runId,
        source: 'github',
        event: 'push',
        deliveryId: 'delivery-1',
      },
    ]);
    expect(recorded.find(d => d.trigger === 'cart-pr')?.reason).toBe(
      'event push is not one of [pull_request]',
    );
  });

  it('records a retried delivery as duplicate and starts nothing', async () => {
    const { deliveries, workflow, target, publishPush } = await setUp();
    const push = { files: [['services/cart/x.ts']] };
    await publishPush('delivery-2', push);
    await publishPush('delivery-2', push);
    expect(target.runs).toHaveLength(1);
    const pushRows = (await deliveries.list(workflow.workflowId)).filter(
      d => d.trigger === 'cart-push',
    );
    expect(pushRows.map(d => d.outcome)).toEqual(['duplicate', 'matched']);
    expect(pushRows[0].reason).toBe(
      'delivery delivery-2 was received before (a retry): nothing started',
    );
    // Another delivery id with the same payload is a new push.
    await publishPush('delivery-3', push);
    expect(target.runs).toHaveLength(2);
  });

  it('records a push touching only unmatched paths as ignored with the reason, and starts nothing', async () => {
    const { deliveries, workflow, target, publishPush } = await setUp();
    await publishPush('delivery-4', { files: [['docs/readme.md']] });
    expect(target.runs).toHaveLength(0);
    const row = (await deliveries.list(workflow.workflowId)).find(
      d => d.trigger === 'cart-push',
    );
    expect(row).toMatchObject({
      outcome: 'ignored',
      reason:
        'no changed file matches paths [services/cart/**] (changed: docs/readme.md)',
    });
  });

  it('records refused params as failed; a redelivery of a failed delivery tries again', async () => {
    const { deliveries, workflow, target, publishPush } = await setUp();
    target.refuseParams = 'params.revision: must be a string of 40 hex digits';
    await publishPush('delivery-5', { files: [['services/cart/x.ts']] });
    expect(target.runs).toHaveLength(0);
    const failed = (await deliveries.list(workflow.workflowId)).find(
      d => d.trigger === 'cart-push',
    );
    expect(failed?.outcome).toBe('failed');
    expect(failed?.reason).toMatch(
      /matched; .*; the run was not started: InputError: params.revision: must be/,
    );

    target.refuseParams = undefined;
    await publishPush('delivery-5', { files: [['services/cart/x.ts']] });
    expect(target.runs).toHaveLength(1);
    expect(
      (
        await deliveries.list(workflow.workflowId, { trigger: 'cart-push' })
      ).map(d => d.outcome),
    ).toEqual(['matched', 'failed']);
  });

  it('starts runs for pull requests and GitLab merge requests read from gitlab.merge_request', async () => {
    const { workflow, target, events } = await setUp();
    target.workflows = [
      {
        ...workflow,
        triggers: [
          ...workflow.triggers,
          {
            type: 'git',
            name: 'gitlab-mr',
            provider: 'gitlab',
            repo: 'acme/shop',
            events: ['pull_request'],
            params: { branch: '${event.branch}' },
          },
        ],
      },
    ];
    await events.publish({
      topic: 'github.pull_request',
      eventPayload: githubPullRequestPayload({ action: 'opened' }),
      metadata: { 'x-github-delivery': 'pr-1' },
    });
    await events.publish({
      topic: 'gitlab.merge_request',
      eventPayload: gitlabMergeRequestPayload({ action: 'open' }),
      metadata: { 'x-gitlab-event-uuid': 'mr-1' },
    });
    expect(target.runs.map(r => [r.trigger.name, r.params])).toEqual([
      ['cart-pr', {}],
      ['gitlab-mr', { branch: 'feature/x' }],
    ]);
  });

  it('ignores deliveries that are no push or pull request without recording them', async () => {
    const { knex, events, target } = await setUp();
    await events.publish({
      topic: 'gitlab.push',
      eventPayload: { object_kind: 'note' },
      metadata: {},
    });
    expect(target.runs).toHaveLength(0);
    const [{ n }] = await knex('berth_workflow_trigger_deliveries').count({
      n: '*',
    });
    expect(Number(n)).toBe(0);
  });
});
