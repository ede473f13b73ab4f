import { isDatabaseConflictError } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const TABLE = 'berth_workflow_notifications';

/**
 * Which run events were notified (`berth_workflow_notifications`): an event
 * is claimed before its notification is sent, so across replicas and
 * repeated calls it is sent once; a send that failed releases its claim.
 */
export class NotificationLedger {
  constructor(private readonly knex: Knex) {}

  /** True when this call claimed `key` (nobody notified it before). */
  async claim(key: string, runId: string, event: string): Promise<boolean> {
    try {
      await this.knex(TABLE).insert({
        key,
        run_id: runId,
        event,
        sent_at: new Date(),
      });
      return true;
    } catch (error) {
      if (isDatabaseConflictError(error)) return false;
      throw error;
    }
  }

  /** Gives a claim back (its notification could not be sent). */
  async release(key: string): Promise<void> {
    await this.knex(TABLE).where({ key }).delete();
  }

  /** Forgets the events of runs that are deleted. */
  async deleteRuns(runIds: string[]): Promise<void> {
    if (runIds.length === 0) return;
    await this.knex(TABLE).whereIn('run_id', runIds).delete();
  }
}
