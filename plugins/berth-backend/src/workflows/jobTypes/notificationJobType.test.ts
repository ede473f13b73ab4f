import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createMockJobContext } from '@berth/plugin-berth-node-test-utils';
import { recordingNotifications } from '../notify/__testUtils__/recordingNotifications';
import { webhookServer } from '../notify/__testUtils__/webhookServer';
import { readWebhookGuard } from '../notify/readWebhookGuard';
import { createNotificationJobType } from './notificationJobType';
import { notificationJobInput } from './notificationJobInput';

const PROJECT = 'system:default/shop';

function setup(options: { hosts?: string[]; addresses?: string[] } = {}) {
  const notifications = recordingNotifications();
  const jobType = createNotificationJobType({
    notifications,
    projectOwners: async ref =>
      ref === PROJECT ? ['group:default/team-shop'] : [],
    webhookGuard: readWebhookGuard(
      new ConfigReader({
        berth: {
          workflows: {
            notifications: { webhookHosts: options.hosts ?? ['127.0.0.1'] },
          },
          outbound: { allowAddresses: options.addresses ?? ['127.0.0.1'] },
        },
      }),
    ),
    webhookTimeoutMs: 3000,
    appBaseUrl: 'https://backstage.example.com/',
  });
  const context = (
    spec: unknown,
    extra: {
      resumedFrom?: unknown;
      upstream?: Record<string, Record<string, unknown>>;
    } = {},
  ) =>
    createMockJobContext({
      params: jobType.inputSchema.parse(spec),
      run: {
        runId: 'run-9',
        jobRunId: 'job-run-3',
        projectRef: PROJECT,
        createdBy: 'user:default/olivia',
      },
      ...extra,
    });
  return { notifications, jobType, context };
}

describe('notification job type', () => {
  it('notifies the creator, the project owners, approvers of an earlier job and entity refs, once each', async () => {
    const { notifications, jobType, context } = setup();
    const ctx = context(
      {
        to: [
          'creator',
          'owners',
          'approvers',
          'group:default/sre',
          'user:olivia',
        ],
        title: 'Deployed to staging',
        description: 'cart 1.2.0',
        severity: 'high',
      },
      { upstream: { approve: { approvers: ['user:default/ada', 42] } } },
    );
    await jobType.run(ctx);
    expect(notifications.sent).toEqual([
      {
        recipients: {
          type: 'entity',
          entityRef: [
            'group:default/sre',
            'group:default/team-shop',
            'user:default/ada',
            'user:default/olivia',
          ],
        },
        payload: {
          title: 'Deployed to staging',
          description: 'cart 1.2.0',
          severity: 'high',
          link: '/berth/workflow-runs/run-9',
          topic: 'berth-workflow',
          scope: 'berth-workflow-job:job-run-3',
        },
      },
    ]);
    expect(ctx.checkpoints).toEqual([{ notified: true }]);
  });

  it('takes approvers from the spec over earlier jobs, and fails when no one is named', async () => {
    const { notifications, jobType, context } = setup();
    await jobType.run(
      context(
        { to: ['approvers'], title: 't', approvers: ['user:default/bob'] },
        { upstream: { approve: { approvers: ['user:default/ada'] } } },
      ),
    );
    expect(notifications.sent[0].recipients).toEqual({
      type: 'entity',
      entityRef: ['user:default/bob'],
    });
    await expect(
      jobType.run(context({ to: ['approvers'], title: 't' })),
    ).rejects.toThrow(/None of approvers names anyone/);
    expect(notifications.sent).toHaveLength(1);
  });

  it('a resumed attempt does not notify again what it sent', async () => {
    const { notifications, jobType, context } = setup();
    await jobType.run(
      context(
        { to: ['owners'], title: 't' },
        { resumedFrom: { notified: true } },
      ),
    );
    expect(notifications.sent).toEqual([]);
  });

  it('refuses bad specs', () => {
    const issues = (spec: unknown) =>
      notificationJobInput
        .safeParse(spec)
        .error?.issues.map(i => `${i.path.join('.')}: ${i.message}`);
    expect(issues({ title: 't' })).toEqual([
      'to: a notification needs recipients (`to`) or a `webhook`',
    ]);
    expect(issues({ to: ['everyone'], title: 't' })?.[0]).toMatch(
      /'everyone' is neither creator/,
    );
    expect(issues({ to: ['owners'], title: '' })?.[0]).toMatch(/^title/);
    expect(
      issues({ to: ['owners'], title: 't', link: 'ftp://example.com/x' })?.[0],
    ).toMatch(/^link/);
    expect(
      issues({
        to: ['owners'],
        title: 't',
        webhook: { url: 'not a url' },
      })?.[0],
    ).toMatch(/^webhook.url/);
    expect(issues({ to: ['owners'], title: 't', extra: 1 })?.[0]).toMatch(
      /Unrecognized key/,
    );
  });

  describe('webhook', () => {
    let server: Awaited<ReturnType<typeof webhookServer>>;
    beforeEach(async () => {
      server = await webhookServer();
    });
    afterEach(() => server.close());

    it('POSTs JSON with the given headers (masked in the log) to an allowed host', async () => {
      const { notifications, jobType, context } = setup();
      const ctx = context({
        title: 'Run finished',
        webhook: {
          url: server.url,
          headers: { Authorization: 'Bearer s3cret' },
        },
      });
      await jobType.run(ctx);
      expect(notifications.sent).toEqual([]);
      expect(server.received).toHaveLength(1);
      const [request] = server.received;
      expect(request.method).toBe('POST');
      expect(request.url).toBe('/hooks/berth');
      expect(request.headers).toMatchObject({
        authorization: 'Bearer s3cret',
        'content-type': 'application/json',
      });
      expect(request.body).toEqual({
        title: 'Run finished',
        severity: 'normal',
        link: 'https://backstage.example.com/berth/workflow-runs/run-9',
        run: {
          id: 'run-9',
          workflowId: 'workflow-1',
          projectRef: PROJECT,
          createdBy: 'user:default/olivia',
          stage: 'stage',
          job: 'job',
          jobRunId: 'job-run-3',
        },
      });
      expect(ctx.masked).toEqual(['Bearer s3cret']);
      expect(ctx.checkpoints).toEqual([{ webhook: true }]);
    });

    it('fails on an answer other than 2xx, and follows no redirect', async () => {
      const { jobType, context } = setup();
      server.state.status = 500;
      await expect(
        jobType.run(context({ title: 't', webhook: { url: server.url } })),
      ).rejects.toThrow(/answered 500: nope/);
      server.state.status = 302;
      server.state.location = 'http://169.254.169.254/latest';
      await expect(
        jobType.run(context({ title: 't', webhook: { url: server.url } })),
      ).rejects.toThrow(/answered 302 \(a redirect/);
      expect(server.received).toHaveLength(2);
    });

    it('refuses, sending nothing, a host not allowed, a loopback address not allowed, reserved headers', async () => {
      const refusedHost = setup({ hosts: ['hooks.example.com'] });
      await expect(
        refusedHost.jobType.run(
          refusedHost.context({ title: 't', webhook: { url: server.url } }),
        ),
      ).rejects.toThrow(
        /host 127.0.0.1:\d+ is not allowed \(berth.workflows.notifications.webhookHosts\)/,
      );
      const refusedAddress = setup({ hosts: ['localhost'], addresses: [] });
      await expect(
        refusedAddress.jobType.run(
          refusedAddress.context({
            title: 't',
            webhook: { url: `http://localhost:${server.port}/x` },
          }),
        ),
      ).rejects.toThrow(/loopback address; refused/);
      const { jobType, context } = setup();
      await expect(
        jobType.run(
          context({
            title: 't',
            webhook: { url: server.url, headers: { Host: 'evil' } },
          }),
        ),
      ).rejects.toThrow(InputError);
      expect(server.received).toEqual([]);
    });

    it('notifies and calls the webhook; resumed after the notification, only the webhook is sent', async () => {
      const { notifications, jobType, context } = setup();
      await jobType.run(
        context(
          { to: ['creator'], title: 't', webhook: { url: server.url } },
          { resumedFrom: { notified: true } },
        ),
      );
      expect(notifications.sent).toEqual([]);
      expect(server.received).toHaveLength(1);
    });
  });
});
