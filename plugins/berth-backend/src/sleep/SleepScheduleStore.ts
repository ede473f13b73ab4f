import { SleepSchedule } from '@berth/plugin-berth-common';
import { Knex } from 'knex';
import { Timestamp, toIsoString } from '../database/timestamps';
import { findRecord } from '../database/recordLookups';

const TABLE = 'berth_sleep_schedules';

interface ScheduleRow {
  environment_id: string;
  sleep_cron: string | null;
  wake_cron: string | null;
  time_zone: string;
  next_sleep_at: Timestamp | null;
  next_wake_at: Timestamp | null;
  updated_by: string;
  updated_at: Timestamp;
}

/** Which half of a schedule. */
export type ScheduleAction = 'sleep' | 'wake';

/** A schedule as stored, with the raw due times for claiming them. */
export interface StoredSchedule extends SleepSchedule {
  environmentId: string;
  due: Record<ScheduleAction, Timestamp | null>;
}

const NEXT_COLUMN = {
  sleep: 'next_sleep_at',
  wake: 'next_wake_at',
} as const;

/** Sleep and wake schedules of environments. */
export class SleepScheduleStore {
  constructor(private readonly knex: Knex) {}

  get(environmentId: string): Promise<StoredSchedule | undefined> {
    return findRecord(
      this.knex,
      TABLE,
      { environment_id: environmentId },
      toSchedule,
    );
  }

  async set(
    environmentId: string,
    schedule: {
      sleepCron?: string;
      wakeCron?: string;
      timeZone: string;
      nextSleepAt?: Date;
      nextWakeAt?: Date;
    },
    actor: string,
  ): Promise<StoredSchedule> {
    const row: ScheduleRow = {
      environment_id: environmentId,
      sleep_cron: schedule.sleepCron ?? null,
      wake_cron: schedule.wakeCron ?? null,
      time_zone: schedule.timeZone,
      next_sleep_at: schedule.nextSleepAt ?? null,
      next_wake_at: schedule.nextWakeAt ?? null,
      updated_by: actor,
      updated_at: new Date(),
    };
    await this.knex<ScheduleRow>(TABLE)
      .insert(row)
      .onConflict('environment_id')
      .merge();
    return (await this.get(environmentId))!;
  }

  async delete(environmentId: string): Promise<void> {
    await this.knex<ScheduleRow>(TABLE)
      .where({ environment_id: environmentId })
      .delete();
  }

  /** Schedules with a sleep or a wake due at `now` or before. */
  async due(now: Date): Promise<StoredSchedule[]> {
    const rows = await this.knex<ScheduleRow>(TABLE)
      .where('next_sleep_at', '<=', now)
      .orWhere('next_wake_at', '<=', now);
    return rows.map(toSchedule);
  }

  /**
   * Moves a due time on from `due` (as read) to `next`; true for the one
   * caller that did it, false when another replica claimed it first.
   */
  async claim(
    environmentId: string,
    action: ScheduleAction,
    due: Timestamp,
    next: Date | null,
  ): Promise<boolean> {
    const column = NEXT_COLUMN[action];
    const count = await this.knex<ScheduleRow>(TABLE)
      .where({ environment_id: environmentId, [column]: due })
      .update({ [column]: next });
    return count === 1;
  }
}

function toSchedule(row: ScheduleRow): StoredSchedule {
  return {
    environmentId: row.environment_id,
    ...(row.sleep_cron && { sleepCron: row.sleep_cron }),
    ...(row.wake_cron && { wakeCron: row.wake_cron }),
    timeZone: row.time_zone,
    ...(row.next_sleep_at !== null && {
      nextSleepAt: toIsoString(row.next_sleep_at),
    }),
    ...(row.next_wake_at !== null && {
      nextWakeAt: toIsoString(row.next_wake_at),
    }),
    due: { sleep: row.next_sleep_at, wake: row.next_wake_at },
  };
}
