import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError, stringifyError } from '@backstage/errors';
import {
  SetSleepScheduleRequest,
  SleepSchedule,
} from '@berth/plugin-berth-common';
import { EnvironmentStore } from '../database/EnvironmentStore';
import { ProjectService } from '../projects/ProjectService';
import { StoredEnvironment } from '../model/environment';
import { nextCronTime } from './cronSchedule';
import {
  ScheduleAction,
  SleepScheduleStore,
  StoredSchedule,
} from './SleepScheduleStore';
import { EnvironmentOperations } from '../operations/EnvironmentOperations';

/** The actor recorded for what schedules do. */
export const SCHEDULE_ACTOR = 'berth:sleep-schedule';

/**
 * Sleep and wake schedules: validated and stored with their next times;
 * `runDue` (called every minute by the Backstage scheduler) fires those due.
 * Each due time is claimed by compare-and-set before it fires, so with
 * several backend replicas each fires once.
 */
export class SleepScheduler {
  constructor(
    private readonly deps: {
      schedules: SleepScheduleStore;
      environments: EnvironmentStore;
      projects: ProjectService;
      /** Starts the sleep and wake operations. */
      operations: Pick<EnvironmentOperations, 'start'>;
      logger: LoggerService;
    },
  ) {}

  /**
   * Sets an environment's schedule (both crons absent: removes it).
   * InputError for a cron that does not parse or an unknown time zone;
   * then nothing is stored.
   */
  async set(
    environment: StoredEnvironment,
    request: SetSleepScheduleRequest,
    actor: string,
    now = new Date(),
  ): Promise<SleepSchedule | undefined> {
    const timeZone = request.timeZone ?? 'UTC';
    const sleepCron = request.sleepCron?.trim() || undefined;
    const wakeCron = request.wakeCron?.trim() || undefined;
    const nextSleepAt =
      sleepCron && nextCronTime(sleepCron, timeZone, now, 'sleep cron');
    const nextWakeAt =
      wakeCron && nextCronTime(wakeCron, timeZone, now, 'wake cron');
    if (!sleepCron && !wakeCron) {
      await this.deps.schedules.delete(environment.id);
      return undefined;
    }
    const {
      due: _due,
      environmentId: _id,
      ...schedule
    } = await this.deps.schedules.set(
      environment.id,
      {
        sleepCron,
        wakeCron,
        timeZone,
        nextSleepAt: nextSleepAt || undefined,
        nextWakeAt: nextWakeAt || undefined,
      },
      actor,
    );
    return schedule;
  }

  async remove(environment: StoredEnvironment): Promise<void> {
    await this.deps.schedules.delete(environment.id);
  }

  /** Fires the sleeps and wakes due at `now`; never throws. */
  async runDue(now = new Date()): Promise<void> {
    for (const schedule of await this.deps.schedules.due(now)) {
      for (const action of ['sleep', 'wake'] as const) {
        const due = schedule.due[action];
        if (due === null || new Date(due).getTime() > now.getTime()) continue;
        await this.fire(schedule, action, due, now).catch(error =>
          this.deps.logger.warn(
            `Scheduled ${action} of environment ${
              schedule.environmentId
            } did not run: ${stringifyError(error)}`,
          ),
        );
      }
    }
  }

  private async fire(
    schedule: StoredSchedule,
    action: ScheduleAction,
    due: string | number | Date,
    now: Date,
  ) {
    const cron = action === 'sleep' ? schedule.sleepCron : schedule.wakeCron;
    const next = cron ? nextCronTime(cron, schedule.timeZone, now) : null;
    if (
      !(await this.deps.schedules.claim(
        schedule.environmentId,
        action,
        due,
        next,
      ))
    ) {
      return; // another replica fired it
    }
    let environment: StoredEnvironment;
    try {
      environment = await this.deps.environments.getById(
        schedule.environmentId,
      );
    } catch (error) {
      if (error instanceof NotFoundError) {
        await this.deps.schedules.delete(schedule.environmentId);
        return;
      }
      throw error;
    }
    const wanted =
      action === 'sleep'
        ? !environment.sleeping
        : environment.sleepState === 'asleep';
    if (!wanted) return;
    try {
      await this.deps.operations.start(
        environment,
        {
          kind: action,
          title: `Scheduled ${action} of ${environment.name}`,
          spec: {},
        },
        { ref: SCHEDULE_ACTOR, type: 'schedule' },
      );
    } catch (error) {
      // e.g. a wake while a sleep runs: the schedule fires again next time.
      this.deps.logger.warn(
        `Scheduled ${action} of ${
          environment.name
        } not started: ${stringifyError(error)}`,
      );
    }
  }
}
