import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { EventsService } from '@backstage/plugin-events-node';
import { Knex } from 'knex';
import { CronFireStore } from './CronFireStore';
import { CronTriggerTicker } from './CronTriggerTicker';
import { GitTriggerSubscriber } from './GitTriggerSubscriber';
import { TriggersConfig } from './readTriggersConfig';
import { TriggerDeliveryStore } from './TriggerDeliveryStore';
import { WorkflowTriggerTarget } from './WorkflowTriggerTarget';

const DAY = 24 * 60 * 60 * 1000;

/** Scheduler task of the cron triggers (global: one replica at a time). */
export const CRON_TRIGGERS_TASK_ID = 'berth-workflow-cron-triggers';

/**
 * Starts the workflow triggers in the plugin: subscribes the git triggers to
 * the events service and schedules the cron ticker (every minute, global
 * scope; it also prunes old deliveries and fires). Returns the deliveries
 * store, whose `list(workflowId)` the API serves.
 */
export async function registerWorkflowTriggers(deps: {
  knex: Knex;
  events: EventsService;
  scheduler: SchedulerService;
  logger: LoggerService;
  target: WorkflowTriggerTarget;
  config: TriggersConfig;
}): Promise<{ deliveries: TriggerDeliveryStore }> {
  const { knex, logger, target, config } = deps;
  const deliveries = new TriggerDeliveryStore(knex);
  const fires = new CronFireStore(knex);
  await new GitTriggerSubscriber({ target, deliveries, logger }).subscribe(
    deps.events,
  );
  const ticker = new CronTriggerTicker({
    target,
    fires,
    deliveries,
    logger,
    catchUpMinutes: config.cronCatchUpMinutes,
  });
  await deps.scheduler.scheduleTask({
    id: CRON_TRIGGERS_TASK_ID,
    frequency: { cron: '* * * * *' },
    timeout: { minutes: 5 },
    scope: 'global',
    fn: async () => {
      const now = new Date();
      await ticker.tick(now);
      try {
        await deliveries.deleteOlderThan(
          new Date(now.getTime() - config.deliveryRetentionDays * DAY),
        );
        await fires.deleteOlderThan(new Date(now.getTime() - DAY));
      } catch (error) {
        logger.warn(
          `Could not prune old workflow trigger deliveries: ${stringifyError(
            error,
          )}`,
        );
      }
    },
  });
  return { deliveries };
}
