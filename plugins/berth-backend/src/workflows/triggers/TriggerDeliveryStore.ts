import { WorkflowTriggerDelivery } from '@berth/plugin-berth-common';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { toIsoString } from '../../database/timestamps';
import { camelColumns } from '../../database/columns';
import { newestFirst } from '../../database/ordering';

const DELIVERIES = 'berth_workflow_trigger_deliveries';

type Outcome = WorkflowTriggerDelivery['outcome'];

/** A delivery about to be recorded for one workflow trigger. */
export interface NewTriggerDelivery {
  workflowId: string;
  trigger: string;
  source: WorkflowTriggerDelivery['source'];
  deliveryId?: string;
  event: string;
  outcome: Outcome;
  reason: string;
  runId?: string;
  receivedAt?: Date;
}

interface DeliveryRow {
  id: string;
  workflow_id: string;
  trigger_name: string;
  source: WorkflowTriggerDelivery['source'];
  delivery_id: string | null;
  dedup_key: string | null;
  event: string;
  received_at: string | number | Date;
  outcome: Outcome;
  reason: string;
  run_id: string | null;
}

/** The columns a delivery holds as they are (under camelCase names). */
const COPIED_COLUMNS = [
  'id',
  'workflow_id',
  'source',
  'event',
  'outcome',
  'reason',
] as const;

const MAX_REASON = 2000;

function toApi(row: DeliveryRow): WorkflowTriggerDelivery {
  return {
    ...camelColumns(row, COPIED_COLUMNS),
    trigger: row.trigger_name,
    deliveryId: row.delivery_id ?? undefined,
    receivedAt: toIsoString(row.received_at),
    runId: row.run_id ?? undefined,
  };
}

/**
 * What Berth made of every delivery, per workflow trigger. The first row of a
 * delivery id (per source, workflow and trigger) holds it as `dedup_key`, so
 * a retried delivery finds it and is recorded as a duplicate instead.
 */
export class TriggerDeliveryStore {
  constructor(private readonly knex: Knex) {}

  private row(delivery: NewTriggerDelivery, dedupKey: string | null) {
    return {
      id: randomUUID(),
      workflow_id: delivery.workflowId,
      trigger_name: delivery.trigger,
      source: delivery.source,
      delivery_id: delivery.deliveryId ?? null,
      dedup_key: dedupKey,
      event: delivery.event.slice(0, 255),
      received_at: delivery.receivedAt ?? new Date(),
      outcome: delivery.outcome,
      reason: delivery.reason.slice(0, MAX_REASON),
      run_id: delivery.runId ?? null,
    };
  }

  /**
   * Records the first sight of a delivery for a trigger and returns its row
   * id; undefined (nothing written) when a row of the same delivery id is
   * there already. A delivery without an id is always recorded.
   */
  async claim(delivery: NewTriggerDelivery): Promise<string | undefined> {
    const row = this.row(delivery, delivery.deliveryId ?? null);
    await this.knex(DELIVERIES)
      .insert(row)
      .onConflict(['source', 'workflow_id', 'trigger_name', 'dedup_key'])
      .ignore();
    const stored = await this.knex(DELIVERIES)
      .where({ id: row.id })
      .first('id');
    return stored ? row.id : undefined;
  }

  /** Records a row that claims nothing (a duplicate). */
  async record(delivery: NewTriggerDelivery): Promise<string> {
    const row = this.row(delivery, null);
    await this.knex(DELIVERIES).insert(row);
    return row.id;
  }

  /**
   * The outcome of a claimed row. A failed one gives its delivery id back,
   * so a redelivery (GitHub's "Redeliver") tries again.
   */
  async finish(
    id: string,
    result: { outcome: Outcome; reason: string; runId?: string },
  ): Promise<void> {
    await this.knex(DELIVERIES)
      .where({ id })
      .update({
        outcome: result.outcome,
        reason: result.reason.slice(0, MAX_REASON),
        run_id: result.runId ?? null,
        ...(result.outcome === 'failed' ? { dedup_key: null } : {}),
      });
  }

  /** A workflow's deliveries, newest first. */
  async list(
    workflowId: string,
    options: { limit?: number; trigger?: string; outcome?: Outcome } = {},
  ): Promise<WorkflowTriggerDelivery[]> {
    const query = this.knex<DeliveryRow>(DELIVERIES)
      .where({ workflow_id: workflowId })
      .orderBy(newestFirst('received_at', 'seq'))
      .limit(Math.min(Math.max(options.limit ?? 100, 1), 500));
    if (options.trigger) query.andWhere({ trigger_name: options.trigger });
    if (options.outcome) query.andWhere({ outcome: options.outcome });
    return (await query).map(toApi);
  }

  /** Removes deliveries received before `before`; the count removed. */
  async deleteOlderThan(before: Date): Promise<number> {
    return this.knex(DELIVERIES).where('received_at', '<', before).delete();
  }

  /** Removes every delivery of these workflows (deleted). */
  async deleteWorkflows(workflowIds: string[]): Promise<void> {
    if (!workflowIds.length) return;
    await this.knex(DELIVERIES).whereIn('workflow_id', workflowIds).delete();
    await this.knex('berth_workflow_cron_fires')
      .whereIn('workflow_id', workflowIds)
      .delete();
  }
}
