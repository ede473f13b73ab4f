import {
  WorkflowJobRun,
  WorkflowJobRunStatus,
} from '@berth/plugin-berth-common';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { clip, iso, parseJson, TABLES, Timestamp } from './rows';
import { camelColumns } from '../../database/columns';
import { getRecordById } from '../../database/recordLookups';

const T = TABLES.jobRuns;

interface JobRunRow {
  id: string;
  run_id: string;
  stage_index: number;
  stage: string;
  job: string;
  type: string;
  attempt: number;
  status: WorkflowJobRunStatus;
  spec: string | null;
  outputs: string | null;
  external_ref: string | null;
  checkpoint: string | null;
  test_summary: string | null;
  error: string | null;
  waiting_message: string | null;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  deadline_at: Timestamp | null;
}

/** The columns a job run holds as they are (under camelCase names). */
const COPIED_COLUMNS = [
  'id',
  'run_id',
  'stage_index',
  'stage',
  'job',
  'type',
  'attempt',
  'status',
] as const;

export interface StoredJobRun extends Omit<WorkflowJobRun, 'approval'> {
  stageIndex: number;
  checkpoint?: unknown;
  waitingMessage?: string;
  deadlineAt?: string;
}

export interface NewJobRun {
  runId: string;
  stageIndex: number;
  stage: string;
  job: string;
  type: string;
  attempt: number;
  status?: WorkflowJobRunStatus;
  error?: string;
}

export const FINISHED_JOB_STATUSES: WorkflowJobRunStatus[] = [
  'succeeded',
  'failed',
  'skipped',
  'cancelled',
  'timedOut',
];

/**
 * Job runs, one row per attempt. Writes made while a job runs name the
 * run's lease owner: a replica that lost the run's lease changes nothing.
 */
export class JobRunStore {
  constructor(private readonly knex: Knex) {}

  async insert(input: NewJobRun): Promise<StoredJobRun> {
    const id = randomUUID();
    const finished =
      input.status && FINISHED_JOB_STATUSES.includes(input.status);
    await this.knex(T).insert({
      id,
      run_id: input.runId,
      stage_index: input.stageIndex,
      stage: input.stage,
      job: input.job,
      type: input.type,
      attempt: input.attempt,
      status: input.status ?? 'pending',
      error: clip(input.error),
      finished_at: finished ? new Date() : null,
    });
    return this.get(id);
  }

  get(id: string): Promise<StoredJobRun> {
    return getRecordById(this.knex, T, 'job run', id, toJobRun);
  }

  /** Every attempt of every job of a run, by stage, job and attempt. */
  async forRun(runId: string): Promise<StoredJobRun[]> {
    const rows = (await this.knex<JobRunRow>(T)
      .where({ run_id: runId })
      .orderBy([
        { column: 'stage_index' },
        { column: 'job' },
        { column: 'attempt' },
      ])) as JobRunRow[];
    return rows.map(toJobRun);
  }

  private owned(id: string, owner: string) {
    return this.knex(T)
      .where({ id })
      .whereExists(
        this.knex(TABLES.runs)
          .select(this.knex.raw('1'))
          .whereRaw(`${TABLES.runs}.id = ${T}.run_id`)
          .andWhere(`${TABLES.runs}.lease_owner`, owner),
      );
  }

  /** Marks an attempt running with its resolved spec; false when the lease was lost. */
  async start(
    id: string,
    owner: string,
    values: { spec: unknown; deadlineAt?: Date },
  ): Promise<boolean> {
    const count = await this.owned(id, owner).update({
      status: 'running',
      spec: JSON.stringify(values.spec ?? {}),
      started_at: new Date(),
      deadline_at: values.deadlineAt ?? null,
    });
    return count > 0;
  }

  async setWaiting(
    id: string,
    owner: string,
    message: string | undefined,
  ): Promise<boolean> {
    const count = await this.owned(id, owner)
      .whereIn('status', ['running', 'waiting'])
      .update({
        status: message === undefined ? 'running' : 'waiting',
        waiting_message: clip(message),
      });
    return count > 0;
  }

  async saveCheckpoint(
    id: string,
    owner: string,
    value: unknown,
  ): Promise<boolean> {
    const count = await this.owned(id, owner).update({
      checkpoint: JSON.stringify(value ?? null),
    });
    return count > 0;
  }

  async saveOutputs(
    id: string,
    owner: string,
    outputs: Record<string, unknown>,
  ): Promise<boolean> {
    const count = await this.owned(id, owner).update({
      outputs: JSON.stringify(outputs),
    });
    return count > 0;
  }

  async setExternalRef(
    id: string,
    owner: string,
    ref: WorkflowJobRun['externalRef'],
  ): Promise<boolean> {
    const count = await this.owned(id, owner).update({
      external_ref: JSON.stringify(ref ?? null),
    });
    return count > 0;
  }

  /** Ends the jobs of a run that never started (a run cancelled while queued). */
  async cancelPending(runId: string): Promise<void> {
    await this.knex(T)
      .where({ run_id: runId, status: 'pending' })
      .update({ status: 'cancelled', finished_at: new Date() });
  }

  /** Ends an attempt; false when the lease was lost. */
  async finish(
    id: string,
    owner: string,
    outcome: {
      status: WorkflowJobRunStatus;
      error?: string;
      outputs?: Record<string, unknown>;
    },
  ): Promise<boolean> {
    const count = await this.owned(id, owner).update({
      status: outcome.status,
      error: clip(outcome.error),
      waiting_message: null,
      finished_at: new Date(),
      ...(outcome.outputs && { outputs: JSON.stringify(outcome.outputs) }),
    });
    return count > 0;
  }
}

/** The newest attempt of each job of a run, by job name. */
export function latestAttempts(
  jobRuns: StoredJobRun[],
): Map<string, StoredJobRun> {
  const latest = new Map<string, StoredJobRun>();
  for (const j of jobRuns) {
    const seen = latest.get(j.job);
    if (!seen || seen.attempt < j.attempt) latest.set(j.job, j);
  }
  return latest;
}

export function toPublicJobRun(j: StoredJobRun): WorkflowJobRun {
  const externalRef = j.externalRef ?? externalRefOf(j);
  const testSummary = j.testSummary ?? testSummaryOf(j.outputs);
  return {
    id: j.id,
    runId: j.runId,
    stage: j.stage,
    job: j.job,
    type: j.type,
    attempt: j.attempt,
    status: j.status,
    spec: j.spec,
    outputs: j.outputs,
    ...(externalRef && { externalRef }),
    ...(testSummary && { testSummary }),
    ...(j.startedAt && { startedAt: j.startedAt }),
    ...(j.finishedAt && { finishedAt: j.finishedAt }),
    ...(j.error && { error: j.error }),
  };
}

/**
 * Where a job ran, from what it saved: a Kubernetes Job's checkpoint
 * (`{cluster, namespace, name}`), or the outputs of in-backend jobs
 * (`operationId`, `environmentId`, `runId`).
 */
function externalRefOf(j: StoredJobRun): WorkflowJobRun['externalRef'] {
  const c = j.checkpoint as Record<string, unknown> | undefined;
  if (
    c &&
    typeof c.cluster === 'string' &&
    typeof c.namespace === 'string' &&
    typeof c.name === 'string'
  ) {
    return { cluster: c.cluster, namespace: c.namespace, jobName: c.name };
  }
  const ref: NonNullable<WorkflowJobRun['externalRef']> = {};
  for (const key of ['operationId', 'environmentId', 'runId'] as const) {
    const value = j.outputs[key];
    if (typeof value === 'string') ref[key] = value;
  }
  return Object.keys(ref).length ? ref : undefined;
}

/** The summary a `test` job sets as outputs (passed, failed, skipped, failures). */
function testSummaryOf(
  outputs: Record<string, unknown>,
): WorkflowJobRun['testSummary'] {
  const { passed, failed, skipped, failures } = outputs;
  if (
    typeof passed !== 'number' ||
    typeof failed !== 'number' ||
    typeof skipped !== 'number'
  ) {
    return undefined;
  }
  return {
    passed,
    failed,
    skipped,
    failures: Array.isArray(failures) ? failures.map(String) : [],
  };
}

function toJobRun(row: JobRunRow): StoredJobRun {
  return {
    ...camelColumns(row, COPIED_COLUMNS),
    spec: parseJson(row.spec, {}),
    outputs: parseJson(row.outputs, {}),
    externalRef: parseJson(row.external_ref, undefined),
    testSummary: parseJson(row.test_summary, undefined),
    checkpoint: parseJson(row.checkpoint, undefined),
    waitingMessage: row.waiting_message ?? undefined,
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    deadlineAt: iso(row.deadline_at),
    error: row.error ?? undefined,
  };
}
