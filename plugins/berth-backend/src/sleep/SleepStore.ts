import { isDatabaseConflictError } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  EnvironmentSleepState,
  SleptWorkload,
} from '@berth/plugin-berth-common';
import { Knex } from 'knex';
import { toIsoString } from '../database/timestamps';
import { findRecord } from '../database/recordLookups';

const TABLE = 'berth_sleep';

interface SleepRow {
  environment_id: string;
  state: EnvironmentSleepState;
  workloads: string;
  actor: string;
  since: string | number | Date;
  last_error: string | null;
}

/** An environment's sleep as stored. */
export interface StoredSleep {
  environmentId: string;
  state: EnvironmentSleepState;
  workloads: SleptWorkload[];
  actor: string;
  since: string;
  lastError?: string;
}

/**
 * The sleep of environments: a row from the moment an environment goes to
 * sleep until its wake completes. Every state change is a compare-and-set,
 * so two requests (or two backend replicas) cannot both sleep or both wake
 * the same environment.
 */
export class SleepStore {
  constructor(private readonly knex: Knex) {}

  get(environmentId: string): Promise<StoredSleep | undefined> {
    return findRecord(
      this.knex,
      TABLE,
      { environment_id: environmentId },
      toSleep,
    );
  }

  /**
   * Marks an environment asleep with no workloads recorded yet; ConflictError
   * when it already sleeps or wakes.
   */
  async claimSleep(
    environment: { id: string; name: string },
    actor: string,
  ): Promise<void> {
    try {
      await this.knex<SleepRow>(TABLE).insert({
        environment_id: environment.id,
        state: 'asleep',
        workloads: '[]',
        actor,
        since: new Date(),
        last_error: null,
      });
    } catch (error) {
      if (!isDatabaseConflictError(error)) throw error;
      const current = await this.get(environment.id);
      throw new ConflictError(
        current?.state === 'waking'
          ? `Environment '${environment.name}' is waking up`
          : `Environment '${environment.name}' is already asleep`,
      );
    }
  }

  async recordWorkloads(
    environmentId: string,
    workloads: SleptWorkload[],
  ): Promise<void> {
    await this.knex<SleepRow>(TABLE)
      .where({ environment_id: environmentId })
      .update({ workloads: JSON.stringify(workloads) });
  }

  /** Undoes a claim when nothing was changed yet. */
  async release(environmentId: string): Promise<void> {
    await this.knex<SleepRow>(TABLE)
      .where({ environment_id: environmentId })
      .delete();
  }

  /**
   * asleep → waking; ConflictError when the environment is not asleep (then
   * nothing changes). Resolves with what sleep recorded.
   */
  async claimWake(
    environment: { id: string; name: string },
    actor: string,
  ): Promise<StoredSleep> {
    const count = await this.knex<SleepRow>(TABLE)
      .where({ environment_id: environment.id, state: 'asleep' })
      .update({ state: 'waking', actor, since: new Date(), last_error: null });
    if (count === 0) {
      const current = await this.get(environment.id);
      throw new ConflictError(
        current?.state === 'waking'
          ? `Environment '${environment.name}' is already waking up`
          : `Environment '${environment.name}' is not asleep`,
      );
    }
    return (await this.get(environment.id))!;
  }

  /** waking → awake: the row goes. */
  async finishWake(environmentId: string): Promise<void> {
    await this.knex<SleepRow>(TABLE)
      .where({ environment_id: environmentId, state: 'waking' })
      .delete();
  }

  /** waking → asleep again, with why, so that a new wake can retry. */
  async failWake(environmentId: string, message: string): Promise<void> {
    await this.knex<SleepRow>(TABLE)
      .where({ environment_id: environmentId, state: 'waking' })
      .update({ state: 'asleep', last_error: message.slice(0, 4000) });
  }
}

function toSleep(row: SleepRow): StoredSleep {
  return {
    environmentId: row.environment_id,
    state: row.state,
    workloads: JSON.parse(row.workloads),
    actor: row.actor,
    since: toIsoString(row.since),
    ...(row.last_error && { lastError: row.last_error }),
  };
}
