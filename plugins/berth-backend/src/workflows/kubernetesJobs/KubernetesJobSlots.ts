import { InputError } from '@backstage/errors';
import { Knex } from 'knex';
import { abortDeletesJob, KubernetesJobAbortedError } from './abortDeletesJob';
import { pauseUnlessAborted } from './pauseUnlessAborted';
import { lockUntilCommit } from '../../database/transactionLock';

const SLOTS = 'berth_workflow_kubernetes_job_slots';
const JOB_RUNS = 'berth_workflow_job_runs';
const RUNS = 'berth_workflow_runs';
/** A slot counts while its job run is one of these... */
const LIVE_JOB_RUN = ['pending', 'queued', 'running', 'waiting'];
/** ...and its run one of these (a replica drives it, or will after a takeover). */
const LIVE_RUN = ['running', 'waiting', 'cancelling'];

/** One attempt's request for a slot: where its Kubernetes Job goes. */
export interface KubernetesJobSlotRequest {
  cluster: string;
  namespace: string;
  /** The Job's deterministic name (kubernetesJobName). */
  jobName: string;
  runId: string;
  jobRunId: string;
  /** Aborting stops waiting (KubernetesJobAbortedError; a cancel or timeout withdraws the request). */
  signal: AbortSignal;
  /** Told `waiting for a Kubernetes Job slot on <cluster>` when the attempt has to wait, then `undefined` once it holds one. */
  onWaiting?(message: string | undefined): Promise<void> | void;
}

/** Where a held (or requested) slot's Job is. */
export interface KubernetesJobSlot {
  jobRunId: string;
  runId: string;
  cluster: string;
  namespace: string;
  jobName: string;
  granted: boolean;
}

/** What the Kubernetes Job runner needs of the slots. */
export interface KubernetesJobSlotGate {
  acquire(request: KubernetesJobSlotRequest): Promise<void>;
  release(jobRunId: string): Promise<void>;
}

interface SlotRow {
  seq: number | string;
  job_run_id: string;
  run_id: string;
  cluster: string;
  namespace: string;
  job_name: string;
  granted_at: unknown;
}

export interface KubernetesJobSlotsOptions {
  /** `berth.workflows.engine.maxKubernetesJobsPerCluster`. */
  limit: number;
  /** How often a waiting attempt asks again; default 1000. */
  pollIntervalMs?: number;
}

/**
 * The per-cluster limit on workflow Kubernetes Jobs, across replicas: an
 * attempt holds one of its cluster's `limit` slots before it creates its
 * Job. Slots are rows tied to the job run, granted FIFO (by request) under
 * a lock (a PostgreSQL advisory lock per cluster; SQLite serialises writes).
 * A slot counts while its job run is unfinished and its run active: an
 * attempt that ended frees it even if nobody released it, and a replica that
 * dies leaves it to the replica taking the run over, whose re-attach finds
 * it held (no second slot). A waiting request of a run whose lease expired
 * does not hold up the others.
 */
export class KubernetesJobSlots implements KubernetesJobSlotGate {
  private readonly pollIntervalMs: number;

  constructor(
    private readonly knex: Knex,
    private readonly options: KubernetesJobSlotsOptions,
  ) {
    if (!Number.isInteger(options.limit) || options.limit < 1) {
      throw new InputError(
        `The Kubernetes Job limit per cluster must be a whole number of at least 1, got ${options.limit}`,
      );
    }
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
  }

  /**
   * Returns once the attempt holds a slot on its cluster (at once when it
   * held one already: a re-attach after a takeover). While it waits, its
   * request keeps its place in the queue and `onWaiting` says so. Aborting
   * rejects with a KubernetesJobAbortedError (and withdraws the request
   * when the reason is a cancel or timeout).
   */
  async acquire(request: KubernetesJobSlotRequest): Promise<void> {
    checkRequest(request);
    let waited = false;
    for (;;) {
      await this.throwIfAborted(request);
      if (await this.tryAcquire(request)) {
        // Aborted while the grant was on its way (a cancel frees the slot
        // of a sibling job at that moment): the grant is not used.
        await this.throwIfAborted(request);
        break;
      }
      if (!waited) {
        waited = true;
        await request.onWaiting?.(
          `waiting for a Kubernetes Job slot on ${request.cluster}`,
        );
      }
      await pauseUnlessAborted(this.pollIntervalMs, request.signal);
    }
    if (waited) await request.onWaiting?.(undefined);
  }

  /** A cancel or timeout withdraws the request; a stopping replica leaves it for the takeover. */
  private async throwIfAborted(request: KubernetesJobSlotRequest) {
    if (!request.signal.aborted) return;
    if (abortDeletesJob(request.signal.reason)) {
      await this.release(request.jobRunId);
    }
    throw new KubernetesJobAbortedError(
      request.jobName,
      request.signal.reason,
      false,
    );
  }

  /** One try: true when the attempt holds a slot now (its request queued otherwise). */
  async tryAcquire(
    request: Omit<KubernetesJobSlotRequest, 'signal' | 'onWaiting'>,
  ): Promise<boolean> {
    return this.knex.transaction(async tx => {
      await lockUntilCommit(
        tx,
        `berth-kubernetes-job-slots:${request.cluster}`,
      );
      let row = (await tx<SlotRow>(SLOTS)
        .where({ job_run_id: request.jobRunId })
        .first()) as SlotRow | undefined;
      if (row?.granted_at) return true;
      if (row && row.cluster !== request.cluster) {
        // the attempt now targets another cluster: its place there is new
        await tx(SLOTS).where({ job_run_id: request.jobRunId }).delete();
        row = undefined;
      }
      if (!row) {
        await tx(SLOTS).insert({
          job_run_id: request.jobRunId,
          run_id: request.runId,
          cluster: request.cluster,
          namespace: request.namespace,
          job_name: request.jobName,
          requested_at: new Date(),
          granted_at: null,
        });
        row = (await tx<SlotRow>(SLOTS)
          .where({ job_run_id: request.jobRunId })
          .first()) as SlotRow;
      }
      const held = await this.live(tx, request.cluster)
        .whereNotNull(`s.granted_at`)
        .count({ n: '*' })
        .first();
      const free = this.options.limit - Number(held?.n ?? 0);
      if (free <= 0) return false;
      const now = new Date();
      const ahead = (await this.live(tx, request.cluster)
        .whereNull('s.granted_at')
        .whereNotNull('r.lease_owner')
        .where('r.lease_expires_at', '>', now)
        .orderBy('s.seq')
        .limit(free)
        .select('s.job_run_id')) as Array<{ job_run_id: string }>;
      if (!ahead.some(a => a.job_run_id === request.jobRunId)) return false;
      await tx(SLOTS)
        .where({ job_run_id: request.jobRunId })
        .update({ granted_at: now, namespace: request.namespace });
      await this.dropDead(tx, request.cluster);
      return true;
    });
  }

  /** Frees the attempt's slot (or withdraws its request); nothing when it has none. */
  async release(jobRunId: string): Promise<void> {
    await this.knex(SLOTS).where({ job_run_id: jobRunId }).delete();
  }

  /** Slots held or requested by a run's attempts (dead ones included: their Jobs may be left). */
  async ofRun(runId: string): Promise<KubernetesJobSlot[]> {
    const rows = (await this.knex<SlotRow>(SLOTS)
      .where({ run_id: runId })
      .orderBy('seq')) as SlotRow[];
    return rows.map(r => ({
      jobRunId: r.job_run_id,
      runId: r.run_id,
      cluster: r.cluster,
      namespace: r.namespace,
      jobName: r.job_name,
      granted: Boolean(r.granted_at),
    }));
  }

  /** Slots of the cluster in use now. */
  async inUse(cluster: string): Promise<number> {
    const held = await this.live(this.knex, cluster)
      .whereNotNull('s.granted_at')
      .count({ n: '*' })
      .first();
    return Number(held?.n ?? 0);
  }

  /** Rows of the cluster whose job run is unfinished and whose run is active. */
  private live(db: Knex | Knex.Transaction, cluster: string) {
    return db(`${SLOTS} as s`)
      .join(`${JOB_RUNS} as j`, 'j.id', 's.job_run_id')
      .join(`${RUNS} as r`, 'r.id', 's.run_id')
      .where('s.cluster', cluster)
      .whereIn('j.status', LIVE_JOB_RUN)
      .whereIn('r.status', LIVE_RUN);
  }

  private async dropDead(tx: Knex.Transaction, cluster: string) {
    const alive = this.live(tx, cluster).select('s.job_run_id');
    await tx(SLOTS).where({ cluster }).whereNotIn('job_run_id', alive).delete();
  }
}

function checkRequest(request: KubernetesJobSlotRequest) {
  for (const key of [
    'cluster',
    'namespace',
    'jobName',
    'runId',
    'jobRunId',
  ] as const) {
    if (typeof request[key] !== 'string' || request[key] === '') {
      throw new InputError(`A Kubernetes Job slot request needs a ${key}`);
    }
  }
}
