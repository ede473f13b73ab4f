import { mockServices } from '@backstage/backend-test-utils';
import {
  WorkflowApproval,
  WorkflowRun,
  WorkflowRunSummary,
} from '@berth/plugin-berth-common';
import {
  createBerthTestDatabases,
  migratedDatabase,
} from '../../__testUtils__/testDatabases';
import { NotificationLedger } from './NotificationLedger';
import { recordingNotifications } from './__testUtils__/recordingNotifications';
import { WorkflowNotifier } from './WorkflowNotifier';

jest.setTimeout(60_000);

const databases = createBerthTestDatabases();

const summary = (
  over: Partial<WorkflowRunSummary> = {},
): WorkflowRunSummary => ({
  id: 'run-1',
  workflowId: 'wf-1',
  workflowName: 'release',
  projectRef: 'system:default/shop',
  sequence: 12,
  revision: 3,
  status: 'running',
  params: {},
  trigger: { type: 'manual', actor: 'user:default/olivia' },
  createdBy: 'user:default/olivia',
  createdAt: '2026-12-20T10:00:00.000Z',
  concurrencyGroup: 'wf-1',
  ...over,
});

const jobRun = (
  job: string,
  status: WorkflowRun['stages'][number]['jobs'][number]['status'],
  attempt = 1,
) => ({
  id: `${job}-${attempt}`,
  runId: 'run-1',
  stage: 'build',
  job,
  type: 'script',
  attempt,
  status,
  spec: {},
  outputs: {},
});

const finished = (over: Partial<WorkflowRun> = {}): WorkflowRun => ({
  ...summary({
    status: 'failed',
    finishedAt: '2026-12-20T10:05:00.000Z',
    message: 'Stage build failed',
  }),
  stages: [
    {
      name: 'build',
      manual: false,
      status: 'failed',
      jobs: [
        jobRun('compile', 'failed', 1),
        jobRun('compile', 'succeeded', 2),
        jobRun('lint', 'timedOut'),
        jobRun('test', 'failed'),
      ],
    },
  ],
  ...over,
});

const approval: WorkflowApproval = {
  id: 'approval-1',
  runId: 'run-1',
  jobRunId: 'job-run-4',
  approvers: ['group:default/release-managers', 'user:ada', 'not a ref!'],
  needed: 2,
  allowSelfApproval: false,
  decisions: [],
  status: 'waiting',
  message: 'Deploy cart 1.2.0 to production?',
};

describe.each(databases.eachSupportedId())('WorkflowNotifier (%p)', id => {
  async function setup() {
    const knex = await migratedDatabase(databases, id);
    const notifications = recordingNotifications();
    const ledger = new NotificationLedger(knex);
    const make = () =>
      new WorkflowNotifier({
        notifications,
        projectOwners: async ref =>
          ref === 'system:default/shop' ? ['group:default/team-shop'] : [],
        ledger,
        logger: mockServices.logger.mock(),
      });
    return { notifications, notifier: make(), other: make(), ledger };
  }

  it('notifies a failed run to its creator and the project owners, high, scoped per run, once across replicas', async () => {
    const { notifications, notifier, other } = await setup();
    const run = finished();
    await Promise.all([notifier.runFinished(run), other.runFinished(run)]);
    await notifier.runFinished(run);
    expect(notifications.sent).toEqual([
      {
        recipients: {
          type: 'entity',
          entityRef: ['group:default/team-shop', 'user:default/olivia'],
        },
        payload: {
          title: 'Workflow release #12 failed',
          description:
            'Stage build failed. Failed: lint (timed out), test. Started by user:default/olivia',
          severity: 'high',
          link: '/berth/workflow-runs/run-1',
          topic: 'berth-workflow',
          scope: 'berth-workflow-run:run-1',
        },
      },
    ]);
  });

  it('a run finishing again (retried) notifies again under the same scope; severity by outcome; nothing for a run not finished', async () => {
    const { notifications, notifier } = await setup();
    await notifier.runFinished(finished());
    await notifier.runFinished(
      finished({
        status: 'succeeded',
        message: undefined,
        finishedAt: '2026-12-20T10:30:00.000Z',
        stages: [],
      }),
    );
    await notifier.runFinished(
      finished({ status: 'cancelled', finishedAt: '2026-12-20T11:00:00.000Z' }),
    );
    await notifier.runFinished(
      finished({ status: 'running', finishedAt: undefined }),
    );
    expect(
      notifications.sent.map(n => [n.payload.severity, n.payload.scope]),
    ).toEqual([
      ['high', 'berth-workflow-run:run-1'],
      ['normal', 'berth-workflow-run:run-1'],
      ['low', 'berth-workflow-run:run-1'],
    ]);
    expect(notifications.sent[1].payload.title).toBe(
      'Workflow release #12 succeeded',
    );
  });

  it('a run started by a service (no user) notifies the owners only; nobody at all sends nothing', async () => {
    const { notifications, notifier } = await setup();
    await notifier.runFinished(finished({ createdBy: 'plugin:berth' }));
    await notifier.runFinished(
      finished({
        id: 'run-2',
        projectRef: 'system:default/gone',
        createdBy: 'plugin:berth',
      }),
    );
    expect(notifications.sent.map(n => n.recipients)).toEqual([
      { type: 'entity', entityRef: ['group:default/team-shop'] },
    ]);
  });

  it('notifies approvers of an approval request once, without the run creator, and retries after a failed send', async () => {
    const { notifications, notifier } = await setup();
    notifications.failNext('notifications backend down');
    await notifier.approvalRequested(approval, summary());
    expect(notifications.sent).toEqual([]);
    await notifier.approvalRequested(approval, summary());
    await notifier.approvalRequested(approval, summary());
    expect(notifications.sent).toEqual([
      {
        recipients: {
          type: 'entity',
          entityRef: ['group:default/release-managers', 'user:default/ada'],
          excludeEntityRef: 'user:default/olivia',
        },
        payload: {
          title: 'Approval needed: workflow release #12',
          description:
            'Deploy cart 1.2.0 to production? Started by user:default/olivia; 2 approvals needed',
          severity: 'high',
          link: '/berth/workflow-runs/run-1',
          topic: 'berth-workflow-approval',
          scope: 'berth-workflow-approval:approval-1',
        },
      },
    ]);
    await notifier.approvalRequested(
      { ...approval, id: 'approval-2', allowSelfApproval: true },
      summary(),
    );
    expect(notifications.sent[1].recipients).not.toHaveProperty(
      'excludeEntityRef',
    );
  });

  it('forgets the events of deleted runs', async () => {
    const { notifications, notifier, ledger } = await setup();
    await notifier.runFinished(finished());
    await ledger.deleteRuns(['run-1']);
    await notifier.runFinished(finished());
    expect(notifications.sent).toHaveLength(2);
  });
});
