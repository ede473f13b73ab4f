import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { WorkflowCronTrigger } from '@berth/plugin-berth-common';
import { CronFireStore } from './CronFireStore';
import { cronDueTimes } from './cronDueTimes';
import { TriggerDeliveryStore } from './TriggerDeliveryStore';
import {
  WorkflowTriggerTarget,
  WorkflowWithTriggers,
} from './WorkflowTriggerTarget';

/** What one tick did with one due time of one trigger. */
export interface CronFire {
  workflowId: string;
  trigger: string;
  dueAt: string;
  outcome: 'matched' | 'ignored' | 'failed';
  runId?: string;
}

const MINUTE = 60_000;

/**
 * Cron triggers. `tick` (one global scheduler task, every minute) fires, for
 * each cron trigger, the due times since the last one fired: each due time is
 * claimed in the database first (primary key), so across replicas and
 * overlapping ticks it starts exactly one run. Due times older than the
 * catch-up window (the backend was down) do not fire: the newest of them is
 * recorded as ignored, with how many were missed.
 */
export class CronTriggerTicker {
  private readonly catchUpMs: number;

  constructor(
    private readonly deps: {
      target: WorkflowTriggerTarget;
      fires: CronFireStore;
      deliveries: TriggerDeliveryStore;
      logger: LoggerService;
      /** Due times up to this old still fire; default 15. */
      catchUpMinutes?: number;
    },
  ) {
    this.catchUpMs = (deps.catchUpMinutes ?? 15) * MINUTE;
  }

  /** Fires what is due at `now`; never throws (a broken trigger is logged). */
  async tick(now = new Date()): Promise<CronFire[]> {
    const fired: CronFire[] = [];
    let workflows: WorkflowWithTriggers[];
    try {
      workflows = await this.deps.target.listTriggers();
    } catch (error) {
      this.deps.logger.error(
        `Cron triggers could not list the workflows: ${stringifyError(error)}`,
      );
      return fired;
    }
    for (const workflow of workflows) {
      for (const trigger of workflow.triggers) {
        if (trigger.type !== 'cron') continue;
        try {
          fired.push(...(await this.tickTrigger(workflow, trigger, now)));
        } catch (error) {
          this.deps.logger.warn(
            `Cron trigger ${trigger.name} of workflow ${workflow.projectRef}/${
              workflow.workflowName
            } did not fire: ${stringifyError(error)}`,
          );
        }
      }
    }
    return fired;
  }

  private async tickTrigger(
    workflow: WorkflowWithTriggers,
    trigger: WorkflowCronTrigger,
    now: Date,
  ): Promise<CronFire[]> {
    const timeZone = trigger.timeZone ?? 'UTC';
    const last = await this.deps.fires.lastFired(
      workflow.workflowId,
      trigger.name,
    );
    // Never a due time before the trigger was saved; without a save time,
    // only those of the last minute (one tick).
    const baseline =
      last ??
      (workflow.savedAt
        ? new Date(workflow.savedAt)
        : new Date(now.getTime() - MINUTE));
    const windowStart = new Date(now.getTime() - this.catchUpMs);
    const fired: CronFire[] = [];

    if (baseline.getTime() < windowStart.getTime()) {
      const missed = cronDueTimes(
        trigger.cron,
        timeZone,
        baseline,
        windowStart,
        10_000,
      );
      if (missed.length) {
        fired.push(
          ...(await this.recordMissed(workflow, trigger, missed, timeZone)),
        );
      }
    }
    const since =
      baseline.getTime() < windowStart.getTime() ? windowStart : baseline;
    for (const dueAt of cronDueTimes(trigger.cron, timeZone, since, now)) {
      const fire = await this.fire(workflow, trigger, dueAt, timeZone);
      if (fire) fired.push(fire);
    }
    return fired;
  }

  /** Claims the newest missed due time (so it is reported once) and records it as ignored. */
  private async recordMissed(
    workflow: WorkflowWithTriggers,
    trigger: WorkflowCronTrigger,
    missed: Date[],
    timeZone: string,
  ): Promise<CronFire[]> {
    const newest = missed[missed.length - 1];
    if (
      !(await this.deps.fires.claim(workflow.workflowId, trigger.name, newest))
    ) {
      return [];
    }
    const count =
      missed.length >= 10_000 ? '10000 or more' : `${missed.length}`;
    await this.deps.deliveries.record({
      workflowId: workflow.workflowId,
      trigger: trigger.name,
      source: 'cron',
      deliveryId: newest.toISOString(),
      event: 'cron',
      outcome: 'ignored',
      reason: `${count} due time(s) of '${
        trigger.cron
      }' (${timeZone}) from ${missed[0].toISOString()} to ${newest.toISOString()} were missed (no backend ran, or the workflow was disabled); only due times of the last ${
        this.catchUpMs / MINUTE
      } minutes fire`,
    });
    return [
      {
        workflowId: workflow.workflowId,
        trigger: trigger.name,
        dueAt: newest.toISOString(),
        outcome: 'ignored',
      },
    ];
  }

  private async fire(
    workflow: WorkflowWithTriggers,
    trigger: WorkflowCronTrigger,
    dueAt: Date,
    timeZone: string,
  ): Promise<CronFire | undefined> {
    const { workflowId } = workflow;
    if (!(await this.deps.fires.claim(workflowId, trigger.name, dueAt))) {
      return undefined; // another replica (or an overlapping tick) fired it
    }
    const base = {
      workflowId,
      trigger: trigger.name,
      source: 'cron' as const,
      deliveryId: dueAt.toISOString(),
      event: 'cron',
    };
    const reason = `due at ${dueAt.toISOString()} ('${
      trigger.cron
    }' in ${timeZone})`;
    try {
      const { runId } = await this.deps.target.startRun(
        workflowId,
        { ...trigger.params },
        {
          type: 'cron',
          actor: workflow.savedBy,
          name: trigger.name,
          deliveryId: dueAt.toISOString(),
        },
      );
      await this.deps.fires.setRun(workflowId, trigger.name, dueAt, runId);
      await this.deps.deliveries.record({
        ...base,
        outcome: 'matched',
        reason,
        runId,
      });
      return { ...base, dueAt: base.deliveryId, outcome: 'matched', runId };
    } catch (error) {
      await this.deps.deliveries.record({
        ...base,
        outcome: 'failed',
        reason: `${reason}; the run was not started: ${stringifyError(error)}`,
      });
      return { ...base, dueAt: base.deliveryId, outcome: 'failed' };
    }
  }
}
