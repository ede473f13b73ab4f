import { WorkflowLogChunk } from '@berth/plugin-berth-common';
import { Knex } from 'knex';
import { Timestamp, toIsoString } from '../../database/timestamps';
import { JobLogCapState, emptyCapState } from './capJobLog';
import { lockUntilCommit, nextSequence } from '../../database/transactionLock';
import { isUniqueViolation } from '../../database/uniqueViolation';

const CHUNKS = 'berth_workflow_log_chunks';
const MAX_READ = 1000;
const BATCH = 500;
const SEQUENCE_RETRIES = 5;

interface ChunkRow {
  job_run_id: string;
  run_id: string;
  attempt: number;
  sequence: number;
  first_line_at: Timestamp;
  last_line_at: Timestamp;
  bytes: number;
  omitted_bytes: number | string | null;
  text: string;
  created_at: Timestamp;
}

/** One job attempt's log. */
export interface JobLogTarget {
  runId: string;
  jobRunId: string;
  attempt: number;
}

/** A chunk to store; `note` marks the chunk between head and tail of a capped log. */
export interface NewJobLogChunk {
  text: string;
  bytes: number;
  firstAt: Date;
  lastAt: Date;
  note?: { omittedBytes: number };
}

/** What one flush changes, in one transaction. */
export interface JobLogAppend {
  chunks: NewJobLogChunk[];
  /** Sequences of tail chunks to delete (the cap's oldest tail). */
  deleteSequences: number[];
  /** A new text for the existing note chunk. */
  noteUpdate?: { sequence: number; text: string; omittedBytes: number };
}

/**
 * Job log chunks in the database. Sequences are dense per job run: each
 * append takes the next ones inside its transaction, one writer of a job run
 * at a time (a takeover racing the old replica: a transaction-scoped advisory
 * lock on PostgreSQL, SQLite's single writer), and a unique index backs it
 * (a collision retries with the following numbers). So a reader never sees a
 * later sequence before an earlier one is committed.
 */
export class JobLogStore {
  constructor(private readonly knex: Knex) {}

  /** Stores a flush; returns the sequences given to `change.chunks`, in order. */
  async append(target: JobLogTarget, change: JobLogAppend): Promise<number[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.knex.transaction(async tx => {
          // Writers of one job run take their sequences one at a time.
          await lockUntilCommit(tx, `berth-workflow-log:${target.jobRunId}`);
          let next = await nextSequence(tx, CHUNKS, {
            job_run_id: target.jobRunId,
          });
          const now = new Date();
          const sequences: number[] = [];
          const rows = change.chunks.map(chunk => {
            sequences.push(next);
            return {
              job_run_id: target.jobRunId,
              run_id: target.runId,
              attempt: target.attempt,
              sequence: next++,
              first_line_at: chunk.firstAt,
              last_line_at: chunk.lastAt,
              bytes: chunk.bytes,
              omitted_bytes: chunk.note ? chunk.note.omittedBytes : null,
              text: chunk.text,
              created_at: now,
            };
          });
          for (let i = 0; i < rows.length; i += BATCH) {
            await tx(CHUNKS).insert(rows.slice(i, i + BATCH));
          }
          for (let i = 0; i < change.deleteSequences.length; i += BATCH) {
            await tx(CHUNKS)
              .where({ job_run_id: target.jobRunId })
              .whereIn('sequence', change.deleteSequences.slice(i, i + BATCH))
              .delete();
          }
          if (change.noteUpdate) {
            await tx(CHUNKS)
              .where({
                job_run_id: target.jobRunId,
                sequence: change.noteUpdate.sequence,
              })
              .update({
                text: change.noteUpdate.text,
                omitted_bytes: change.noteUpdate.omittedBytes,
              });
          }
          return sequences;
        });
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= SEQUENCE_RETRIES) {
          throw error;
        }
      }
    }
  }

  /** Where a job attempt's stored log stands against the cap (a writer resuming after a takeover). */
  async capState(jobRunId: string, attempt: number): Promise<JobLogCapState> {
    const rows: Array<Pick<ChunkRow, 'sequence' | 'bytes' | 'omitted_bytes'>> =
      await this.knex(CHUNKS)
        .select('sequence', 'bytes', 'omitted_bytes')
        .where({ job_run_id: jobRunId, attempt })
        .orderBy('sequence');
    const state = emptyCapState();
    for (const row of rows) {
      if (row.omitted_bytes !== null) {
        state.headFull = true;
        state.noteSequence = Number(row.sequence);
        state.omittedBytes = Number(row.omitted_bytes);
      } else if (state.headFull) {
        state.tail.push({
          sequence: Number(row.sequence),
          bytes: Number(row.bytes),
        });
      } else {
        state.headBytes += Number(row.bytes);
      }
    }
    return state;
  }

  /** Chunks after `afterSequence` (exclusive), oldest first; an empty note is skipped. */
  async read(
    jobRunId: string,
    options: { afterSequence?: number; limit?: number } = {},
  ): Promise<WorkflowLogChunk[]> {
    const limit = Math.max(1, Math.min(options.limit ?? MAX_READ, MAX_READ));
    const rows: ChunkRow[] = await this.knex(CHUNKS)
      .select('job_run_id', 'attempt', 'sequence', 'first_line_at', 'text')
      .where({ job_run_id: jobRunId })
      .andWhere('sequence', '>', options.afterSequence ?? 0)
      .andWhereNot('text', '')
      .orderBy('sequence')
      .limit(limit);
    return rows.map(row => ({
      sequence: Number(row.sequence),
      jobRunId: row.job_run_id,
      attempt: Number(row.attempt),
      at: toIsoString(row.first_line_at),
      text: row.text,
    }));
  }

  /** The last stored line's time of a job attempt. */
  async lastTimestamp(
    jobRunId: string,
    attempt: number,
  ): Promise<Date | undefined> {
    const row = await this.knex(CHUNKS)
      .where({ job_run_id: jobRunId, attempt })
      .max({ last: 'last_line_at' })
      .first();
    return row?.last === null || row?.last === undefined
      ? undefined
      : new Date(row.last);
  }

  /** Deletes every chunk of these runs; returns how many. */
  async deleteRuns(runIds: string[]): Promise<number> {
    let deleted = 0;
    for (let i = 0; i < runIds.length; i += BATCH) {
      deleted += await this.knex(CHUNKS)
        .whereIn('run_id', runIds.slice(i, i + BATCH))
        .delete();
    }
    return deleted;
  }

  /**
   * Deletes the logs of job runs whose newest chunk was stored before
   * `cutoff`, whole (a log is never cut in the middle by its age); returns
   * how many chunks went.
   */
  async deleteStoredBefore(cutoff: Date): Promise<number> {
    let deleted = 0;
    for (;;) {
      const expired: Array<{ job_run_id: string }> = await this.knex(
        `${CHUNKS} as c`,
      )
        .distinct('c.job_run_id')
        .where('c.created_at', '<', cutoff)
        .whereNotExists(
          this.knex(`${CHUNKS} as n`)
            .select(this.knex.raw('1'))
            .whereRaw('n.job_run_id = c.job_run_id')
            .andWhere('n.created_at', '>=', cutoff),
        )
        .limit(BATCH);
      if (expired.length === 0) return deleted;
      deleted += await this.knex(CHUNKS)
        .whereIn(
          'job_run_id',
          expired.map(row => row.job_run_id),
        )
        .delete();
    }
  }
}
