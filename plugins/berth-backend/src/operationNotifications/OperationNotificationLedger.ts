import { isDatabaseConflictError } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const TABLE = 'berth_operation_notifications';

/**
 * Which operation events were notified (`berth_operation_notifications`):
 * an event is claimed before its notification is sent, so across replicas
 * and repeated calls it is sent once; a send that failed releases its claim.
 */
export class OperationNotificationLedger {
  constructor(private readonly knex: Knex) {}

  /** True when this call claimed `event` of the operation (nobody notified it before). */
  async claim(operationId: string, event: string): Promise<boolean> {
    try {
      await this.knex(TABLE).insert({
        key: `${event}:${operationId}`,
        operation_id: operationId,
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
  async release(operationId: string, event: string): Promise<void> {
    await this.knex(TABLE)
      .where({ key: `${event}:${operationId}` })
      .delete();
  }
}
