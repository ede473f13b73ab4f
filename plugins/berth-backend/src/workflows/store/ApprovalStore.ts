import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  WorkflowApproval,
  WorkflowApprovalDecision,
} from '@berth/plugin-berth-common';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import {
  clip,
  iso,
  isUniqueViolation,
  parseJson,
  TABLES,
  Timestamp,
} from './rows';
import { findRecord, getRecordById } from '../../database/recordLookups';

const T = TABLES.approvals;

interface ApprovalRow {
  id: string;
  run_id: string;
  job_run_id: string;
  approvers: string;
  needed: number;
  allow_self_approval: boolean | number;
  decisions: string;
  status: WorkflowApproval['status'];
  expires_at: Timestamp | null;
  message: string | null;
  created_at: Timestamp;
}

export interface NewApproval {
  runId: string;
  jobRunId: string;
  approvers: string[];
  needed: number;
  allowSelfApproval: boolean;
  expiresAt?: Date;
  message?: string;
}

/** Approvals asked by approval jobs, one per job run (attempt). */
export class ApprovalStore {
  constructor(private readonly knex: Knex) {}

  /** The approval of a job run, created when it has none (a resumed job finds its own). */
  async ensure(
    input: NewApproval,
  ): Promise<{ approval: WorkflowApproval; created: boolean }> {
    const existing = await this.byJobRun(input.jobRunId);
    if (existing) return { approval: existing, created: false };
    const id = randomUUID();
    try {
      await this.knex(T).insert({
        id,
        run_id: input.runId,
        job_run_id: input.jobRunId,
        approvers: JSON.stringify(input.approvers),
        needed: input.needed,
        allow_self_approval: input.allowSelfApproval,
        decisions: '[]',
        status: 'waiting',
        expires_at: input.expiresAt ?? null,
        message: clip(input.message),
        created_at: new Date(),
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return {
        approval: (await this.byJobRun(input.jobRunId))!,
        created: false,
      };
    }
    return { approval: await this.get(id), created: true };
  }

  get(id: string): Promise<WorkflowApproval> {
    return getRecordById(this.knex, T, 'workflow approval', id, toApproval);
  }

  byJobRun(jobRunId: string): Promise<WorkflowApproval | undefined> {
    return findRecord(this.knex, T, { job_run_id: jobRunId }, toApproval);
  }

  /** Newest first; `approverRefs` keeps approvals naming any of them. */
  async list(q: {
    status?: WorkflowApproval['status'][];
    approverRefs?: string[];
    runId?: string;
    limit?: number;
  }): Promise<WorkflowApproval[]> {
    const query = this.knex<ApprovalRow>(T)
      .orderBy('created_at', 'desc')
      .limit(Math.min(q.limit ?? 200, 1000));
    if (q.status?.length) query.whereIn('status', q.status);
    if (q.runId) query.where({ run_id: q.runId });
    const refs = q.approverRefs?.map(r => r.toLocaleLowerCase('en-US'));
    if (refs) {
      if (refs.length === 0) return [];
      // A coarse filter in SQL (the JSON text holds the quoted ref), exact below.
      query.where(w => {
        for (const ref of refs) {
          w.orWhereRaw('lower(approvers) like ?', [`%${JSON.stringify(ref)}%`]);
        }
      });
    }
    const all = ((await query) as ApprovalRow[]).map(toApproval);
    if (!refs) return all;
    const wanted = new Set(refs);
    return all.filter(a =>
      a.approvers.some(r => wanted.has(r.toLocaleLowerCase('en-US'))),
    );
  }

  /**
   * Adds a decision to a waiting approval and sets its status when it is
   * decided (`needed` approvals, or one rejection). Compare-and-set on the
   * decisions: ConflictError when someone decided at the same moment.
   */
  async decide(
    id: string,
    decision: WorkflowApprovalDecision,
  ): Promise<WorkflowApproval> {
    const row = await this.knex<ApprovalRow>(T).where({ id }).first();
    if (!row) throw new NotFoundError(`No workflow approval with id '${id}'`);
    if (row.status !== 'waiting') {
      throw new ConflictError(`The approval is ${row.status}, not waiting`);
    }
    const decisions = parseJson<WorkflowApprovalDecision[]>(row.decisions, []);
    const next = [...decisions, decision];
    const approvals = next.filter(d => d.decision === 'approve').length;
    let status: WorkflowApproval['status'] = 'waiting';
    if (decision.decision === 'reject') status = 'rejected';
    else if (approvals >= row.needed) status = 'approved';
    const count = await this.knex(T)
      .where({ id, status: 'waiting', decisions: row.decisions })
      .update({ decisions: JSON.stringify(next), status });
    if (count === 0) {
      throw new ConflictError(
        'The approval changed while deciding: reload it and decide again',
      );
    }
    return this.get(id);
  }

  /** Ends a waiting approval (expired, cancelled); false when it was decided already. */
  async close(id: string, status: 'expired' | 'cancelled'): Promise<boolean> {
    const count = await this.knex(T)
      .where({ id, status: 'waiting' })
      .update({ status });
    return count > 0;
  }
}

function toApproval(row: ApprovalRow): WorkflowApproval {
  return {
    id: row.id,
    runId: row.run_id,
    jobRunId: row.job_run_id,
    approvers: parseJson(row.approvers, []),
    needed: row.needed,
    allowSelfApproval: Boolean(row.allow_self_approval),
    decisions: parseJson(row.decisions, []),
    status: row.status,
    ...(row.expires_at !== null && { expiresAt: iso(row.expires_at) }),
    ...(row.message && { message: row.message }),
  };
}
