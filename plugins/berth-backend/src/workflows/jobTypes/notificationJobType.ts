import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { BerthJobType } from '@berth/plugin-berth-node';
import { OutboundGuard } from '../../outbound/OutboundGuard';
import { postWebhook } from '../notify/webhookPost';
import {
  NotificationCheckpoint,
  notificationJobInput,
  NotificationJobInput,
} from './notificationJobInput';
import { resolveRecipients } from './notificationRecipients';
import { ProjectOwners } from '../notify/projectOwners';
import { runLink } from '../notify/runNotifications';

/** What the `notification` job type uses. */
export interface NotificationJobDeps {
  notifications: NotificationService;
  projectOwners: ProjectOwners;
  /** The outbound policy of webhooks (see readWebhookGuard). */
  webhookGuard: OutboundGuard;
  webhookTimeoutMs?: number;
  /** `app.baseUrl`: makes a webhook's link absolute. */
  appBaseUrl?: string;
}

/**
 * The `notification` job: a Backstage notification (scoped to the job run,
 * so a resumed attempt replaces rather than repeats it) and/or a webhook
 * POST of JSON through the outbound policy. A resumed attempt skips what its
 * checkpoint says was sent.
 */
export function createNotificationJobType(
  deps: NotificationJobDeps,
): BerthJobType<NotificationJobInput> {
  return {
    name: 'Send a notification',
    description:
      'Notifies the run creator, the project owners, approvers or entities in Backstage, and/or POSTs JSON to a webhook',
    inputSchema: notificationJobInput,
    run: async context => {
      const { params, run, logger } = context;
      const done: NotificationCheckpoint = {
        ...((context.checkpoint.saved as NotificationCheckpoint | undefined) ??
          {}),
      };
      const link = params.link ?? runLink(run.runId);
      if (params.to.length > 0 && !done.notified) {
        const { refs, skipped } = await resolveRecipients(
          context,
          deps.projectOwners,
        );
        if (skipped.length > 0) {
          logger.warn(`No one to notify as ${skipped.join(', ')}`);
        }
        if (refs.length === 0) {
          throw new Error(
            `None of ${params.to.join(', ')} names anyone to notify`,
          );
        }
        await deps.notifications.send({
          recipients: { type: 'entity', entityRef: refs },
          payload: {
            title: params.title,
            description: params.description,
            severity: params.severity ?? 'normal',
            link,
            topic: 'berth-workflow',
            scope: `berth-workflow-job:${run.jobRunId}`,
          },
        });
        done.notified = true;
        await context.checkpoint.save(done);
        logger.info(`Notified ${refs.join(', ')}`);
      }
      if (params.webhook && !done.webhook) {
        await sendWebhook(deps, context, link, logger);
        done.webhook = true;
        await context.checkpoint.save(done);
      }
      context.output('recipients', params.to);
    },
  };
}

async function sendWebhook(
  deps: NotificationJobDeps,
  context: Parameters<BerthJobType<NotificationJobInput>['run']>[0],
  link: string,
  logger: LoggerService,
) {
  const { params, run } = context;
  const webhook = params.webhook!;
  for (const value of Object.values(webhook.headers ?? {})) {
    context.mask(value);
  }
  const status = await postWebhook(
    deps.webhookGuard,
    webhook.url,
    {
      title: params.title,
      description: params.description,
      severity: params.severity ?? 'normal',
      link:
        deps.appBaseUrl && link.startsWith('/')
          ? `${deps.appBaseUrl.replace(/\/+$/, '')}${link}`
          : link,
      run: {
        id: run.runId,
        workflowId: run.workflowId,
        projectRef: run.projectRef,
        createdBy: run.createdBy,
        stage: run.stage,
        job: run.job,
        jobRunId: run.jobRunId,
      },
    },
    { headers: webhook.headers, timeoutMs: deps.webhookTimeoutMs },
  );
  logger.info(`Webhook at ${new URL(webhook.url).host} answered ${status}`);
}
