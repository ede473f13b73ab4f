import { ConflictError } from '@backstage/errors';
import {
  BerthOperation,
  OperationActorType,
  OperationEvent,
  OperationKind,
  OperationStatus,
  OperationStep,
  OperationStepStatus,
} from '@berth/plugin-berth-common';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { Timestamp, toIsoString } from '../database/timestamps';
import { isUniqueViolation } from '../database/uniqueViolation';
import { getRecordById } from '../database/recordLookups';

const OPERATIONS = 'berth_operations';
const STEPS = 'berth_operation_steps';
const EVENTS = 'berth_operation_events';
const MAX_MESSAGE = 4000;

interface OperationRow {
  seq: number;
  id: string;
  kind: string;
  title: string;
  project_ref: string;
  environment_id: string | null;
  lock_key: string | null;
  spec: string;
  actor: string;
  actor_type: string;
  status: string;
  created_at: Timestamp;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  lease_owner: string | null;
  lease_expires_at: Timestamp | null;
  attempts: number;
  cancel_requested: boolean | number;
  cancelled_by: string | null;
  message: string | null;
}

interface StepRow {
  operation_id: string;
  key: string;
  position: number;
  title: string;
  parent: string | null;
  status: string;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  message: string | null;
  output: string | null;
}

/** An operation as stored, with its spec. */
export interface StoredOperation<Spec = unknown> {
  seq: number;
  id: string;
  kind: OperationKind;
  title: string;
  projectRef: string;
  environmentId?: string;
  lockKey?: string;
  spec: Spec;
  actor: string;
  actorType: OperationActorType;
  status: OperationStatus;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  leaseOwner?: string;
  leaseExpiresAt?: string;
  attempts: number;
  cancelRequested: boolean;
  cancelledBy?: string;
  message?: string;
}

/** What it takes to queue an operation. */
export interface NewOperation {
  kind: OperationKind;
  title: string;
  projectRef: string;
  environmentId?: string;
  /** Operations with the same key run one at a time, in order. */
  lockKey?: string;
  spec: unknown;
  actor: string;
  actorType: OperationActorType;
}

/** A stored step, with what it saved. */
export interface StoredStep extends OperationStep {
  output?: unknown;
}

/**
 * Refuses a new operation given the operations of its lock key that are
 * queued or running (oldest first), by throwing ConflictError.
 */
export type ConflictCheck = (
  active: StoredOperation[],
  incoming: NewOperation,
) => void;

/**
 * Berth's operations in the database: the queue replicas claim from (in
 * `seq` order, one running operation per lock key, enforced by a unique
 * index), leases, checkpointed steps and the event log. Every write made on
 * behalf of a running operation names the lease owner, so a replica that
 * lost its lease cannot change an operation another replica took over.
 */
export class OperationStore {
  constructor(private readonly knex: Knex) {}

  private get isPostgres() {
    return this.knex.client.config.client === 'pg';
  }

  /**
   * Queues an operation. `check` sees the operations already queued or
   * running under the same lock key (serialised per key, so two requests
   * cannot both pass a check that only one may pass).
   */
  async enqueue(
    input: NewOperation,
    check?: ConflictCheck,
    outer?: Knex.Transaction,
  ): Promise<{ operation: StoredOperation; queuedBehind?: string }> {
    return (outer ?? this.knex).transaction(async tx => {
      let active: StoredOperation[] = [];
      if (input.lockKey) {
        if (this.isPostgres) {
          await tx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [
            input.lockKey,
          ]);
        }
        const rows: OperationRow[] = await tx(OPERATIONS)
          .where({ lock_key: input.lockKey })
          .whereIn('status', ['queued', 'running'])
          .orderBy('seq');
        active = rows.map(toStored);
      }
      check?.(active, input);
      const row = {
        id: randomUUID(),
        kind: input.kind,
        title: input.title.slice(0, 255),
        project_ref: input.projectRef,
        environment_id: input.environmentId ?? null,
        lock_key: input.lockKey ?? null,
        spec: JSON.stringify(input.spec ?? {}),
        actor: input.actor,
        actor_type: input.actorType,
        status: 'queued',
        created_at: new Date(),
        attempts: 0,
        cancel_requested: false,
      };
      await tx(OPERATIONS).insert(row);
      const stored: OperationRow = await tx(OPERATIONS)
        .where({ id: row.id })
        .first();
      const running = active.find(o => o.status === 'running');
      return {
        operation: toStored(stored),
        queuedBehind: running?.id ?? active[active.length - 1]?.id,
      };
    });
  }

  /**
   * Claims the oldest queued operation that may start (none of its lock key
   * running, none older queued), leasing it to `owner`. Undefined when there
   * is none, or when another replica won the race for it.
   */
  async claimNext(
    owner: string,
    leaseMs: number,
  ): Promise<StoredOperation | undefined> {
    try {
      return await this.knex.transaction(async tx => {
        const query = tx<OperationRow>(`${OPERATIONS} as o`)
          .select('o.*')
          .where('o.status', 'queued')
          .whereNotExists(
            tx(`${OPERATIONS} as r`)
              .select(tx.raw('1'))
              .whereRaw('r.lock_key = o.lock_key')
              .andWhere('r.status', 'running'),
          )
          .whereNotExists(
            tx(`${OPERATIONS} as q`)
              .select(tx.raw('1'))
              .whereRaw('q.lock_key = o.lock_key')
              .andWhere('q.status', 'queued')
              .andWhereRaw('q.seq < o.seq'),
          )
          .orderBy('o.seq')
          .limit(1);
        if (this.isPostgres) query.forUpdate().skipLocked();
        const [row] = (await query) as OperationRow[];
        if (!row) return undefined;
        const now = new Date();
        await tx(OPERATIONS)
          .where({ id: row.id, status: 'queued' })
          .update({
            status: 'running',
            lease_owner: owner,
            lease_expires_at: new Date(now.getTime() + leaseMs),
            attempts: row.attempts + 1,
            started_at: row.started_at ?? now,
          });
        const claimed: OperationRow = await tx(OPERATIONS)
          .where({ id: row.id })
          .first();
        return toStored(claimed);
      });
    } catch (error) {
      // The unique index: another replica started an operation of the same
      // lock key at the same moment. It runs; this one waits.
      if (isUniqueViolation(error)) return undefined;
      throw error;
    }
  }

  /** Extends the lease; false when `owner` no longer holds it. */
  async renewLease(
    id: string,
    owner: string,
    leaseMs: number,
  ): Promise<boolean> {
    const count = await this.knex(OPERATIONS)
      .where({ id, lease_owner: owner, status: 'running' })
      .update({ lease_expires_at: new Date(Date.now() + leaseMs) });
    return count > 0;
  }

  /**
   * Puts running operations whose lease expired back at the head of the
   * queue (they keep their `seq`), for any replica to take over. Returns
   * their ids.
   */
  async requeueExpired(now = new Date()): Promise<string[]> {
    const expired: Array<{ id: string }> = await this.knex(OPERATIONS)
      .select('id')
      .where({ status: 'running' })
      .andWhere('lease_expires_at', '<', now);
    const ids: string[] = [];
    for (const { id } of expired) {
      const count = await this.knex(OPERATIONS)
        .where({ id, status: 'running' })
        .andWhere('lease_expires_at', '<', now)
        .update({
          status: 'queued',
          lease_owner: null,
          lease_expires_at: null,
        });
      if (count > 0) ids.push(id);
    }
    return ids;
  }

  /** Hands `owner`'s running operations back to the queue (shutdown). */
  async releaseLeases(owner: string, ids?: string[]): Promise<number> {
    const query = this.knex(OPERATIONS).where({
      lease_owner: owner,
      status: 'running',
    });
    if (ids) query.whereIn('id', ids);
    return query.update({
      status: 'queued',
      lease_owner: null,
      lease_expires_at: null,
    });
  }

  /** Ends an operation held by `owner`; false when the lease was lost. */
  async finish(
    id: string,
    owner: string,
    outcome: { status: OperationStatus; message?: string },
  ): Promise<boolean> {
    const count = await this.knex(OPERATIONS)
      .where({ id, lease_owner: owner, status: 'running' })
      .update({
        status: outcome.status,
        message: outcome.message?.slice(0, MAX_MESSAGE) ?? null,
        finished_at: new Date(),
        lease_owner: null,
        lease_expires_at: null,
      });
    return count > 0;
  }

  /** Ends an operation that is not running (given up, or cancelled while queued). */
  async finishQueued(
    id: string,
    outcome: { status: OperationStatus; message?: string },
  ): Promise<boolean> {
    const count = await this.knex(OPERATIONS)
      .where({ id, status: 'queued' })
      .update({
        status: outcome.status,
        message: outcome.message?.slice(0, MAX_MESSAGE) ?? null,
        finished_at: new Date(),
      });
    return count > 0;
  }

  /**
   * Asks an operation to stop: a queued one is cancelled at once, a running
   * one after its current step. ConflictError when it has ended.
   */
  async requestCancel(id: string, actor: string): Promise<StoredOperation> {
    const operation = await this.get(id);
    if (operation.status === 'queued') {
      const cancelled = await this.knex(OPERATIONS)
        .where({ id, status: 'queued' })
        .update({
          status: 'cancelled',
          cancel_requested: true,
          cancelled_by: actor,
          finished_at: new Date(),
          message: `Cancelled by ${actor} before it started`,
        });
      if (cancelled > 0) return this.get(id);
    }
    const count = await this.knex(OPERATIONS)
      .where({ id, status: 'running', cancel_requested: false })
      .update({ cancel_requested: true, cancelled_by: actor });
    if (count === 0) {
      const current = await this.get(id);
      if (current.status === 'running' && current.cancelRequested) {
        return current;
      }
      throw new ConflictError(
        `Operation '${id}' (${current.title}) has already ${current.status}; only a queued or running operation can be cancelled`,
      );
    }
    return this.get(id);
  }

  async isCancelRequested(id: string): Promise<boolean> {
    const row = await this.knex(OPERATIONS)
      .select('cancel_requested')
      .where({ id })
      .first();
    return Boolean(row?.cancel_requested);
  }

  get(id: string): Promise<StoredOperation> {
    return getRecordById(this.knex, OPERATIONS, 'operation', id, toStored);
  }

  /** Newest first. */
  async list(filter: {
    environmentId?: string;
    projectRef?: string;
    environmentIds?: string[];
    status?: OperationStatus[];
    limit?: number;
  }): Promise<StoredOperation[]> {
    const query = this.knex<OperationRow>(OPERATIONS)
      .orderBy('seq', 'desc')
      .limit(filter.limit ?? 50);
    if (filter.environmentId) {
      query.where({ environment_id: filter.environmentId });
    }
    if (filter.projectRef) query.where({ project_ref: filter.projectRef });
    if (filter.environmentIds) {
      const ids = filter.environmentIds;
      query.where(q =>
        q.whereIn('environment_id', ids).orWhereNull('environment_id'),
      );
    }
    if (filter.status) query.whereIn('status', filter.status);
    const rows = (await query) as OperationRow[];
    return rows.map(toStored);
  }

  /** The operations queued or running under a lock key, oldest first. */
  async active(lockKey: string): Promise<StoredOperation[]> {
    const rows: OperationRow[] = await this.knex(OPERATIONS)
      .where({ lock_key: lockKey })
      .whereIn('status', ['queued', 'running'])
      .orderBy('seq');
    return rows.map(toStored);
  }

  /**
   * The services whose deploy steps run right now in an environment, on any
   * replica (for its status: "Deploying").
   */
  async runningServiceSteps(environmentId: string): Promise<Set<string>> {
    const rows: Array<{ key: string }> = await this.knex(`${STEPS} as s`)
      .join(`${OPERATIONS} as o`, 'o.id', 's.operation_id')
      .select('s.key')
      .where({ 'o.environment_id': environmentId, 'o.status': 'running' })
      .andWhere('s.status', 'running')
      .andWhere('s.key', 'like', 'service:%');
    return new Set(rows.map(r => r.key.slice('service:'.length)));
  }

  /** Adds steps not stored yet (a resumed operation keeps its own), in order. */
  async planSteps(
    operationId: string,
    steps: Array<{ key: string; title: string; parent?: string }>,
  ): Promise<void> {
    if (steps.length === 0) return;
    const existing = new Set(
      (
        await this.knex(STEPS)
          .select('key')
          .where({ operation_id: operationId })
      ).map((r: { key: string }) => r.key),
    );
    const [{ max }] = await this.knex(STEPS)
      .max({ max: 'position' })
      .where({ operation_id: operationId });
    let position = Number(max ?? -1) + 1;
    const rows = steps
      .filter(step => !existing.has(step.key))
      .map(step => ({
        operation_id: operationId,
        key: step.key,
        position: position++,
        title: step.title.slice(0, 255),
        parent: step.parent ?? null,
        status: 'pending',
      }));
    for (let i = 0; i < rows.length; i += 200) {
      await this.knex(STEPS).insert(rows.slice(i, i + 200));
    }
  }

  async getStep(
    operationId: string,
    key: string,
  ): Promise<StoredStep | undefined> {
    const row: StepRow | undefined = await this.knex(STEPS)
      .where({ operation_id: operationId, key })
      .first();
    return row ? toStep(row) : undefined;
  }

  /** Marks a planned step running; false when the lease was lost. */
  async startStep(
    operationId: string,
    owner: string,
    key: string,
  ): Promise<boolean> {
    return this.updateStep(operationId, owner, key, {
      status: 'running',
      started_at: new Date(),
      finished_at: null,
      message: null,
    });
  }

  /** Ends a step; false when the lease was lost. */
  async finishStep(
    operationId: string,
    owner: string,
    key: string,
    outcome: {
      status: Exclude<OperationStepStatus, 'pending' | 'running'>;
      message?: string;
      output?: unknown;
    },
  ): Promise<boolean> {
    return this.updateStep(operationId, owner, key, {
      status: outcome.status,
      finished_at: new Date(),
      message: outcome.message?.slice(0, MAX_MESSAGE) ?? null,
      output:
        outcome.output === undefined ? null : JSON.stringify(outcome.output),
    });
  }

  /** Saves what a running step wants back on resume; false when the lease was lost. */
  async saveStepOutput(
    operationId: string,
    owner: string,
    key: string,
    output: unknown,
  ): Promise<boolean> {
    return this.updateStep(operationId, owner, key, {
      output: JSON.stringify(output ?? null),
    });
  }

  /** Updates a step while `owner` holds the operation's lease; false when it was lost. */
  private async updateStep(
    operationId: string,
    owner: string,
    key: string,
    changes: Partial<StepRow>,
  ): Promise<boolean> {
    const count = await this.knex(STEPS)
      .where({ operation_id: operationId, key })
      .whereExists(this.leaseHeld(operationId, owner))
      .update(changes);
    return count > 0;
  }

  /** Marks the steps still pending or running as skipped (the operation ended). */
  async skipUnfinishedSteps(operationId: string): Promise<void> {
    await this.knex(STEPS)
      .where({ operation_id: operationId })
      .whereIn('status', ['pending', 'running'])
      .update({ status: 'skipped', finished_at: new Date() });
  }

  async steps(operationId: string): Promise<StoredStep[]> {
    const rows: StepRow[] = await this.knex(STEPS)
      .where({ operation_id: operationId })
      .orderBy('position');
    return rows.map(toStep);
  }

  /** Step counts (leaf steps: those no other step names as parent), per operation. */
  async progress(
    operationIds: string[],
  ): Promise<Map<string, { done: number; total: number }>> {
    const result = new Map<string, { done: number; total: number }>();
    if (operationIds.length === 0) return result;
    const rows: Array<
      Pick<StepRow, 'operation_id' | 'key' | 'status'> & {
        parent: string | null;
      }
    > = [];
    for (let i = 0; i < operationIds.length; i += 500) {
      rows.push(
        ...(await this.knex(STEPS)
          .select('operation_id', 'key', 'status', 'parent')
          .whereIn('operation_id', operationIds.slice(i, i + 500))),
      );
    }
    const parents = new Set(
      rows.filter(r => r.parent).map(r => `${r.operation_id}\0${r.parent}`),
    );
    for (const row of rows) {
      if (parents.has(`${row.operation_id}\0${row.key}`)) continue;
      const entry = result.get(row.operation_id) ?? { done: 0, total: 0 };
      entry.total += 1;
      if (row.status !== 'pending' && row.status !== 'running') entry.done += 1;
      result.set(row.operation_id, entry);
    }
    return result;
  }

  async appendEvent(
    operationId: string,
    event: { level: OperationEvent['level']; message: string; step?: string },
    tx?: Knex.Transaction,
  ): Promise<void> {
    await (tx ?? this.knex)(EVENTS).insert({
      operation_id: operationId,
      at: new Date(),
      level: event.level,
      message: event.message.slice(0, MAX_MESSAGE),
      step: event.step ?? null,
    });
  }

  async events(operationId: string, limit = 1000): Promise<OperationEvent[]> {
    const rows: Array<{
      seq: number;
      at: Timestamp;
      level: string;
      message: string;
      step: string | null;
    }> = await this.knex(EVENTS)
      .where({ operation_id: operationId })
      .orderBy('seq')
      .limit(limit);
    return rows.map(row => ({
      seq: Number(row.seq),
      at: toIsoString(row.at),
      level: row.level as OperationEvent['level'],
      message: row.message,
      ...(row.step && { step: row.step }),
    }));
  }

  /** The operation as the API shows it, with steps and events when asked. */
  async describe(
    operation: StoredOperation,
    options: { details?: boolean; queuedBehind?: string } = {},
  ): Promise<BerthOperation> {
    const [described] = await this.describeAll([operation], options);
    return described;
  }

  async describeAll(
    operations: StoredOperation[],
    options: { details?: boolean; queuedBehind?: string } = {},
  ): Promise<BerthOperation[]> {
    const progress = await this.progress(operations.map(o => o.id));
    return Promise.all(
      operations.map(async operation => {
        const described = toPublicOperation(
          operation,
          progress.get(operation.id) ?? { done: 0, total: 0 },
          options.queuedBehind ?? (await this.waitingFor(operation)),
        );
        if (options.details) {
          described.steps = (await this.steps(operation.id)).map(
            ({ output: _output, ...step }) => step,
          );
          described.events = await this.events(operation.id);
        }
        return described;
      }),
    );
  }

  /** What a queued operation waits for: the running one of its lock key, else the one queued before it. */
  private async waitingFor(
    operation: StoredOperation,
  ): Promise<string | undefined> {
    if (operation.status !== 'queued' || !operation.lockKey) return undefined;
    const ahead = (await this.active(operation.lockKey)).filter(
      o => o.status === 'running' || o.seq < operation.seq,
    );
    const running = ahead.find(o => o.status === 'running');
    return running?.id ?? ahead[ahead.length - 1]?.id;
  }

  private leaseHeld(operationId: string, owner: string) {
    return this.knex(OPERATIONS)
      .select(this.knex.raw('1'))
      .where({ id: operationId, lease_owner: owner, status: 'running' });
  }
}

/** An operation as the API shows it: no spec, no lease internals. */
export function toPublicOperation(
  operation: StoredOperation,
  progress: { done: number; total: number },
  queuedBehind?: string,
): BerthOperation {
  const {
    spec: _spec,
    seq: _seq,
    lockKey: _lockKey,
    leaseOwner: _leaseOwner,
    leaseExpiresAt: _leaseExpiresAt,
    ...rest
  } = operation;
  return {
    ...rest,
    progress,
    ...(queuedBehind && operation.status === 'queued' && { queuedBehind }),
  };
}

function toStored(row: OperationRow): StoredOperation {
  return {
    seq: Number(row.seq),
    id: row.id,
    kind: row.kind as OperationKind,
    title: row.title,
    projectRef: row.project_ref,
    ...(row.environment_id && { environmentId: row.environment_id }),
    ...(row.lock_key && { lockKey: row.lock_key }),
    spec: JSON.parse(row.spec),
    actor: row.actor,
    actorType: row.actor_type as OperationActorType,
    status: row.status as OperationStatus,
    createdAt: toIsoString(row.created_at),
    ...(row.started_at && { startedAt: toIsoString(row.started_at) }),
    ...(row.finished_at && { finishedAt: toIsoString(row.finished_at) }),
    ...(row.lease_owner && { leaseOwner: row.lease_owner }),
    ...(row.lease_expires_at && {
      leaseExpiresAt: toIsoString(row.lease_expires_at),
    }),
    attempts: Number(row.attempts),
    cancelRequested: Boolean(row.cancel_requested),
    ...(row.cancelled_by && { cancelledBy: row.cancelled_by }),
    ...(row.message && { message: row.message }),
  };
}

function toStep(row: StepRow): StoredStep {
  return {
    key: row.key,
    title: row.title,
    ...(row.parent && { parent: row.parent }),
    status: row.status as OperationStepStatus,
    ...(row.started_at && { startedAt: toIsoString(row.started_at) }),
    ...(row.finished_at && { finishedAt: toIsoString(row.finished_at) }),
    ...(row.message && { message: row.message }),
    ...(row.output && { output: JSON.parse(row.output) }),
  };
}
