import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  WorkflowParamValue,
  WorkflowRunStatus,
  WorkflowRunSummary,
  WorkflowRunTrigger,
} from '@berth/plugin-berth-common';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { clip, iso, parseJson, TABLES, Timestamp } from './rows';
import { lockUntilCommit, nextSequence } from '../../database/transactionLock';
import { getRecordById } from '../../database/recordLookups';

const T = TABLES.runs;

/** Statuses of a run a replica drives (holds a lease for). */
export const ACTIVE_RUN_STATUSES: WorkflowRunStatus[] = [
  'running',
  'waiting',
  'cancelling',
];

interface RunRow {
  queue_seq: number | string;
  id: string;
  workflow_id: string;
  project_ref: string;
  workflow_name: string;
  sequence: number;
  revision: number;
  status: WorkflowRunStatus;
  params: string;
  trigger: string;
  created_by: string;
  created_at: Timestamp;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  concurrency_group: string;
  concurrency_limit: number;
  message: string | null;
  cancel_requested_by: string | null;
  lease_owner: string | null;
  lease_expires_at: Timestamp | null;
  continued_stages: string;
  supersede_key: string | null;
  trigger_revisions: string | null;
}

/**
 * Workflow id -> the revision a run's `trigger-workflow` jobs may start, as
 * checked when the run was created, retried or rerun.
 */
export type TriggerRevisions = Record<string, number>;

export interface StoredRun extends WorkflowRunSummary {
  queueSeq: number;
  concurrencyLimit: number;
  cancelRequestedBy?: string;
  leaseOwner?: string;
  leaseExpiresAt?: string;
  /** Names of stages continued by a click (manual stages, manual onError). */
  continuedStages: string[];
  supersedeKey?: string;
  /** Undefined for runs whose triggers were checked at save time (git, cron). */
  triggerRevisions?: TriggerRevisions;
}

export interface NewRun {
  workflowId: string;
  projectRef: string;
  workflowName: string;
  revision: number;
  params: Record<string, WorkflowParamValue>;
  trigger: WorkflowRunTrigger;
  concurrencyGroup: string;
  concurrencyLimit: number;
  supersedeKey?: string;
  triggerRevisions?: TriggerRevisions;
  /** Jobs of the run, stored as pending first attempts with it. */
  jobs?: Array<{
    stageIndex: number;
    stage: string;
    job: string;
    type: string;
  }>;
}

export interface RunQuery {
  workflowId?: string;
  projectRef?: string;
  status?: WorkflowRunStatus[];
  ids?: string[];
  limit?: number;
  /** Runs `berth_workflow_runs` left-joined with `berth_workflows` (unaliased). */
  where?: (qb: Knex.QueryBuilder) => void;
}

/**
 * Workflow runs: the queue replicas claim from (FIFO by `queue_seq`, per
 * concurrency group and under a global limit), leases, takeover of expired
 * leases, cancel requests and manual continues.
 */
export class RunStore {
  constructor(private readonly knex: Knex) {}

  private get isPostgres() {
    return this.knex.client.config.client === 'pg';
  }

  async insert(input: NewRun): Promise<StoredRun> {
    const id = randomUUID();
    await this.knex.transaction(async tx => {
      await lockUntilCommit(tx, `berth-workflow-seq:${input.workflowId}`);
      const sequence = await nextSequence(tx, T, {
        workflow_id: input.workflowId,
      });
      await tx(T).insert({
        id,
        workflow_id: input.workflowId,
        project_ref: input.projectRef,
        workflow_name: input.workflowName,
        sequence,
        revision: input.revision,
        status: 'queued',
        params: JSON.stringify(input.params),
        trigger: JSON.stringify(input.trigger),
        created_by: input.trigger.actor,
        created_at: new Date(),
        concurrency_group: input.concurrencyGroup,
        concurrency_limit: input.concurrencyLimit,
        continued_stages: '[]',
        supersede_key: input.supersedeKey ?? null,
        trigger_revisions: revisionsColumn(input.triggerRevisions),
      });
      if (input.jobs?.length) {
        await tx(TABLES.jobRuns).insert(
          input.jobs.map(j => ({
            id: randomUUID(),
            run_id: id,
            stage_index: j.stageIndex,
            stage: j.stage,
            job: j.job,
            type: j.type,
            attempt: 1,
            status: 'pending',
          })),
        );
      }
    });
    return this.get(id);
  }

  get(id: string): Promise<StoredRun> {
    return getRecordById(this.knex, T, 'workflow run', id, toRun);
  }

  /** Newest first. */
  async list(q: RunQuery): Promise<StoredRun[]> {
    const query = this.knex(T)
      .leftJoin(TABLES.workflows, `${TABLES.workflows}.id`, `${T}.workflow_id`)
      .select(`${T}.*`)
      .orderBy(`${T}.queue_seq`, 'desc')
      .limit(Math.min(q.limit ?? 50, 500));
    if (q.workflowId) query.where(`${T}.workflow_id`, q.workflowId);
    if (q.projectRef) query.where(`${T}.project_ref`, q.projectRef);
    if (q.status?.length) query.whereIn(`${T}.status`, q.status);
    if (q.ids) query.whereIn(`${T}.id`, q.ids);
    if (q.where) query.where(q.where);
    return ((await query) as RunRow[]).map(toRun);
  }

  /** The newest run of each workflow. */
  async lastRuns(workflowIds: string[]): Promise<Map<string, StoredRun>> {
    const result = new Map<string, StoredRun>();
    if (workflowIds.length === 0) return result;
    const newest = this.knex(T)
      .whereIn('workflow_id', workflowIds)
      .groupBy('workflow_id')
      .select('workflow_id')
      .max({ seq: 'sequence' });
    const rows = (await this.knex(`${T} as r`)
      .join(newest.as('n'), join =>
        join.on('n.workflow_id', 'r.workflow_id').andOn('n.seq', 'r.sequence'),
      )
      .select('r.*')) as RunRow[];
    rows.forEach(r => result.set(r.workflow_id, toRun(r)));
    return result;
  }

  /**
   * Claims a run for `owner`: first a started run whose lease expired or
   * was released (takeover, `resumed`), else the oldest queued run whose
   * concurrency group has room and has no older queued run, while fewer
   * than `maxActive` runs hold a global slot (active runs but those only
   * waiting for an approval; those keep their group's slot). Claims are serialised across replicas
   * (an advisory lock on PostgreSQL; SQLite serialises writes).
   */
  async claim(
    owner: string,
    leaseMs: number,
    maxActive: number,
  ): Promise<{ run: StoredRun; resumed: boolean } | undefined> {
    const taken = await this.takeOver(owner, leaseMs);
    if (taken) return { run: taken, resumed: true };
    const run = await this.claimQueued(owner, leaseMs, maxActive);
    return run ? { run, resumed: false } : undefined;
  }

  private async takeOver(
    owner: string,
    leaseMs: number,
  ): Promise<StoredRun | undefined> {
    return this.knex.transaction(async tx => {
      const now = new Date();
      const query = tx<RunRow>(T)
        .whereIn('status', ACTIVE_RUN_STATUSES)
        .where(q =>
          q.whereNull('lease_owner').orWhere('lease_expires_at', '<', now),
        )
        .orderBy('queue_seq')
        .limit(1);
      if (this.isPostgres) query.forUpdate().skipLocked();
      const [row] = (await query) as RunRow[];
      if (!row) return undefined;
      const count = await tx(T)
        .where({ id: row.id, lease_owner: row.lease_owner })
        .whereIn('status', ACTIVE_RUN_STATUSES)
        .update({
          lease_owner: owner,
          lease_expires_at: new Date(now.getTime() + leaseMs),
        });
      if (count === 0) return undefined;
      return toRun((await tx<RunRow>(T).where({ id: row.id }).first())!);
    });
  }

  private async claimQueued(
    owner: string,
    leaseMs: number,
    maxActive: number,
  ): Promise<StoredRun | undefined> {
    return this.knex.transaction(async tx => {
      if (this.isPostgres) {
        await tx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [
          'berth-workflow-claim',
        ]);
      }
      const active = await holdingGlobalSlots(tx).count({ n: '*' }).first();
      if (Number(active?.n ?? 0) >= maxActive) return undefined;
      const queued = (await tx<RunRow>(T)
        .where({ status: 'queued' })
        .orderBy('queue_seq')
        .limit(200)) as RunRow[];
      if (queued.length === 0) return undefined;
      const groups = [...new Set(queued.map(r => r.concurrency_group))];
      const counts = (await tx(T)
        .whereIn('concurrency_group', groups)
        .whereIn('status', ACTIVE_RUN_STATUSES)
        .groupBy('concurrency_group')
        .select('concurrency_group')
        .count({ n: '*' })) as Array<{ concurrency_group: string; n: number }>;
      const activeIn = new Map(
        counts.map(c => [c.concurrency_group, Number(c.n)]),
      );
      const blocked = new Set<string>();
      for (const row of queued) {
        const group = row.concurrency_group;
        if (blocked.has(group)) continue;
        if ((activeIn.get(group) ?? 0) >= row.concurrency_limit) {
          blocked.add(group);
          continue;
        }
        const now = new Date();
        const count = await tx(T)
          .where({ id: row.id, status: 'queued' })
          .update({
            status: 'running',
            lease_owner: owner,
            lease_expires_at: new Date(now.getTime() + leaseMs),
            started_at: row.started_at ?? now,
          });
        if (count === 0) continue;
        return toRun((await tx<RunRow>(T).where({ id: row.id }).first())!);
      }
      return undefined;
    });
  }

  /** Extends the lease; the run as stored, or undefined when `owner` lost it. */
  async renewLease(
    id: string,
    owner: string,
    leaseMs: number,
  ): Promise<StoredRun | undefined> {
    const count = await this.knex(T)
      .where({ id, lease_owner: owner })
      .whereIn('status', ACTIVE_RUN_STATUSES)
      .update({ lease_expires_at: new Date(Date.now() + leaseMs) });
    if (count === 0) return undefined;
    return this.get(id);
  }

  /** Hands `owner`'s runs back for takeover at once (shutdown). */
  async releaseLeases(owner: string): Promise<number> {
    return this.knex(T)
      .where({ lease_owner: owner })
      .whereIn('status', ACTIVE_RUN_STATUSES)
      .update({ lease_owner: null, lease_expires_at: null });
  }

  /** Sets running / waiting (with the reason) on a run `owner` holds. */
  async setStatus(
    id: string,
    owner: string,
    status: 'running' | 'waiting',
    message?: string,
  ): Promise<boolean> {
    const count = await this.knex(T)
      .where({ id, lease_owner: owner })
      .whereIn('status', ['running', 'waiting'])
      .update({ status, message: clip(message) });
    return count > 0;
  }

  /** Ends a run `owner` holds; false when the lease was lost. */
  async finish(
    id: string,
    owner: string,
    status: 'succeeded' | 'failed' | 'cancelled',
    message?: string,
  ): Promise<boolean> {
    const count = await this.knex(T)
      .where({ id, lease_owner: owner })
      .whereIn('status', ACTIVE_RUN_STATUSES)
      .update({
        status,
        message: clip(message),
        finished_at: new Date(),
        lease_owner: null,
        lease_expires_at: null,
      });
    return count > 0;
  }

  /**
   * Asks a run to stop: a queued one is cancelled at once (`ended`), an
   * active one becomes `cancelling`. ConflictError when it has finished.
   */
  async requestCancel(
    id: string,
    actor: string,
    message = `Cancelled by ${actor}`,
  ): Promise<{ run: StoredRun; ended: boolean }> {
    const ended = await this.knex(T)
      .where({ id, status: 'queued' })
      .update({
        status: 'cancelled',
        cancel_requested_by: actor,
        finished_at: new Date(),
        message: clip(message),
      });
    if (ended > 0) return { run: await this.get(id), ended: true };
    await this.knex(T)
      .where({ id })
      .whereIn('status', ['running', 'waiting'])
      .update({
        status: 'cancelling',
        cancel_requested_by: actor,
        message: clip(message),
      });
    const run = await this.get(id);
    if (run.status !== 'cancelling') {
      throw new ConflictError(
        `Run #${run.sequence} of ${run.workflowName} has already ${run.status}`,
      );
    }
    return { run, ended: false };
  }

  /** Records a click on Continue for `stage` (appended, every click kept); ConflictError unless the run waits. */
  async continueStage(id: string, stage: string): Promise<StoredRun> {
    return this.knex.transaction(async tx => {
      const q = tx<RunRow>(T).where({ id }).first();
      if (this.isPostgres) q.forUpdate();
      const row = (await q) as RunRow | undefined;
      if (!row) throw new NotFoundError(`No workflow run with id '${id}'`);
      if (row.status !== 'waiting') {
        throw new ConflictError(
          `Run #${row.sequence} of ${row.workflow_name} is ${row.status}, not waiting for a continue`,
        );
      }
      // Every click is kept: a wait goes on after a click newer than its start.
      const continued = [
        ...parseJson<string[]>(row.continued_stages, []),
        stage,
      ];
      await tx(T)
        .where({ id })
        .update({ continued_stages: JSON.stringify(continued) });
      return toRun({ ...row, continued_stages: JSON.stringify(continued) });
    });
  }

  /** Puts a failed run back in the queue (retry failed jobs). */
  /** Back to the queue when failed; `triggerRevisions` (when given) replace the run's. */
  async requeueFailed(
    id: string,
    triggerRevisions?: TriggerRevisions,
  ): Promise<boolean> {
    const count = await this.knex(T)
      .where({ id, status: 'failed' })
      .update({
        status: 'queued',
        finished_at: null,
        message: null,
        cancel_requested_by: null,
        ...(triggerRevisions
          ? { trigger_revisions: revisionsColumn(triggerRevisions) }
          : {}),
      });
    return count > 0;
  }

  /** Non-finished runs of a concurrency group (or with a supersede key), oldest first. */
  async unfinished(filter: {
    workflowId?: string;
    concurrencyGroup?: string;
    supersedeKey?: string;
  }): Promise<StoredRun[]> {
    const query = this.knex<RunRow>(T)
      .whereIn('status', ['queued', ...ACTIVE_RUN_STATUSES])
      .orderBy('queue_seq');
    if (filter.workflowId) query.where('workflow_id', filter.workflowId);
    if (filter.concurrencyGroup) {
      query.where('concurrency_group', filter.concurrencyGroup);
    }
    if (filter.supersedeKey) query.where('supersede_key', filter.supersedeKey);
    return ((await query) as RunRow[]).map(toRun);
  }

  /** Deletes runs (their job runs and approvals with them). */
  async deleteRuns(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.knex.transaction(async tx => {
      await tx(TABLES.approvals).whereIn('run_id', ids).delete();
      await tx(TABLES.jobRuns).whereIn('run_id', ids).delete();
      await tx(T).whereIn('id', ids).delete();
    });
  }

  /** Ids of a workflow's finished runs. */
  async finishedIds(workflowId: string): Promise<string[]> {
    const rows = await this.knex(T)
      .where({ workflow_id: workflowId })
      .whereIn('status', ['succeeded', 'failed', 'cancelled'])
      .select('id');
    return rows.map((r: { id: string }) => r.id);
  }
}

/**
 * Active runs that count toward the global limit (`maxRunningRuns`): all
 * but the runs that only wait for an approval (status `waiting`, a waiting
 * approval, no other job running or waiting). A run waiting for an approval
 * does no work, so it does not keep others from running; it keeps its
 * concurrency group's slot (it holds the environment it deploys to). Once
 * decided, it counts again (and may put the count above the limit for a
 * while: no new run is claimed until it is below).
 */
function holdingGlobalSlots(db: Knex | Knex.Transaction) {
  const A = TABLES.approvals;
  const J = TABLES.jobRuns;
  return db(`${T} as r`)
    .whereIn('r.status', ACTIVE_RUN_STATUSES)
    .whereNot(only =>
      only
        .where('r.status', 'waiting')
        .whereExists(q =>
          q
            .select(db.raw('1'))
            .from(`${A} as a`)
            .whereRaw('a.run_id = r.id')
            .where('a.status', 'waiting'),
        )
        .whereNotExists(q =>
          q
            .select(db.raw('1'))
            .from(`${J} as j`)
            .whereRaw('j.run_id = r.id')
            .whereIn('j.status', ['running', 'waiting'])
            .whereNotExists(w =>
              w
                .select(db.raw('1'))
                .from(`${A} as aw`)
                .whereRaw('aw.job_run_id = j.id')
                .where('aw.status', 'waiting'),
            ),
        ),
    );
}

export function toSummary(run: StoredRun): WorkflowRunSummary {
  return {
    id: run.id,
    workflowId: run.workflowId,
    workflowName: run.workflowName,
    projectRef: run.projectRef,
    sequence: run.sequence,
    revision: run.revision,
    status: run.status,
    params: run.params,
    trigger: run.trigger,
    createdBy: run.createdBy,
    createdAt: run.createdAt,
    ...(run.startedAt && { startedAt: run.startedAt }),
    ...(run.finishedAt && { finishedAt: run.finishedAt }),
    concurrencyGroup: run.concurrencyGroup,
    ...(run.message && { message: run.message }),
  };
}

function toRun(row: RunRow): StoredRun {
  return {
    queueSeq: Number(row.queue_seq),
    id: row.id,
    workflowId: row.workflow_id,
    workflowName: row.workflow_name,
    projectRef: row.project_ref,
    sequence: row.sequence,
    revision: row.revision,
    status: row.status,
    params: parseJson(row.params, {}),
    trigger: parseJson(row.trigger, { type: 'manual', actor: row.created_by }),
    createdBy: row.created_by,
    createdAt: iso(row.created_at)!,
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    concurrencyGroup: row.concurrency_group,
    concurrencyLimit: row.concurrency_limit,
    message: row.message ?? undefined,
    cancelRequestedBy: row.cancel_requested_by ?? undefined,
    leaseOwner: row.lease_owner ?? undefined,
    leaseExpiresAt: iso(row.lease_expires_at),
    continuedStages: parseJson(row.continued_stages, []),
    supersedeKey: row.supersede_key ?? undefined,
    triggerRevisions: row.trigger_revisions
      ? parseJson<TriggerRevisions>(row.trigger_revisions, {})
      : undefined,
  };
}

function revisionsColumn(revisions: TriggerRevisions | undefined) {
  return revisions ? JSON.stringify(revisions) : null;
}
