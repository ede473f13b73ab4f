import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { toIsoString } from '../../database/timestamps';

const FIRES = 'berth_workflow_cron_fires';

/**
 * Cron due times fired, per workflow trigger. The primary key (workflow,
 * trigger, due time) lets one replica claim a due time; the others' inserts
 * do nothing, and they see another claim token.
 */
export class CronFireStore {
  constructor(private readonly knex: Knex) {}

  /** The newest due time fired for a trigger, if any. */
  async lastFired(
    workflowId: string,
    trigger: string,
  ): Promise<Date | undefined> {
    const row = await this.knex(FIRES)
      .where({ workflow_id: workflowId, trigger_name: trigger })
      .max({ last: 'due_at' })
      .first();
    return row?.last === null || row?.last === undefined
      ? undefined
      : new Date(toIsoString(row.last));
  }

  /** True for the one caller that claimed the due time; false for the others. */
  async claim(
    workflowId: string,
    trigger: string,
    dueAt: Date,
  ): Promise<boolean> {
    const token = randomUUID();
    await this.knex(FIRES)
      .insert({
        workflow_id: workflowId,
        trigger_name: trigger,
        due_at: dueAt,
        claimed_at: new Date(),
        claim_token: token,
      })
      .onConflict(['workflow_id', 'trigger_name', 'due_at'])
      .ignore();
    const row = await this.knex(FIRES)
      .where({ workflow_id: workflowId, trigger_name: trigger, due_at: dueAt })
      .first('claim_token');
    return row?.claim_token === token;
  }

  /** Notes the run a claimed due time started. */
  async setRun(
    workflowId: string,
    trigger: string,
    dueAt: Date,
    runId: string,
  ): Promise<void> {
    await this.knex(FIRES)
      .where({ workflow_id: workflowId, trigger_name: trigger, due_at: dueAt })
      .update({ run_id: runId });
  }

  /**
   * Forgets fires before `before`, except each trigger's newest (the due
   * time the next tick counts from).
   */
  async deleteOlderThan(before: Date): Promise<number> {
    return this.knex(FIRES)
      .where('due_at', '<', before)
      .whereExists(function newerFire() {
        this.select(1)
          .from(`${FIRES} as newer`)
          .whereRaw(`newer.workflow_id = ${FIRES}.workflow_id`)
          .andWhereRaw(`newer.trigger_name = ${FIRES}.trigger_name`)
          .andWhereRaw(`newer.due_at > ${FIRES}.due_at`);
      })
      .delete();
  }
}
