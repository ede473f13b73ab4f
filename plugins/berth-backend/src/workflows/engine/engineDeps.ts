import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { BerthJobType } from '@berth/plugin-berth-node';
import { Knex } from 'knex';
import { JobLogs } from '../logs';
import { ApprovalStore, JobRunStore, RunStore, WorkflowStore } from '../store';
import { WorkflowEngineConfig } from './readWorkflowEngineConfig';
import { WorkflowRunEvents } from './WorkflowRunEvents';
import { WorkflowSignals } from './WorkflowSignals';

/** The stores of workflows, over one database. */
export interface WorkflowStores {
  workflows: WorkflowStore;
  runs: RunStore;
  jobRuns: JobRunStore;
  approvals: ApprovalStore;
}

export function createWorkflowStores(knex: Knex): WorkflowStores {
  return {
    workflows: new WorkflowStore(knex),
    runs: new RunStore(knex),
    jobRuns: new JobRunStore(knex),
    approvals: new ApprovalStore(knex),
  };
}

/** What the engine needs. */
export interface WorkflowEngineDeps {
  stores: WorkflowStores;
  /** Job types by the key definitions name (`deploy`, `build`, `approval`...). */
  jobTypes: ReadonlyMap<string, BerthJobType>;
  logs: JobLogs;
  config: WorkflowEngineConfig;
  logger: LoggerService;
  auditor?: AuditorService;
  signals?: WorkflowSignals;
  events?: WorkflowRunEvents;
  /**
   * Deletes what attempts left running outside the backend (their
   * Kubernetes Jobs) when their run ends cancelled while they were never
   * aborted on this replica: a run taken over while `cancelling` (its
   * replica died mid-cancel). Without it such Jobs run until their deadline.
   */
  leftWork?: LeftWork;
  /** On PostgreSQL, wakes the dispatchers of all replicas (LISTEN/NOTIFY) on enqueue and run end. */
  knex?: Knex;
}

/** Why a run's or a job's work was aborted. */
export type AbortReason = 'cancel' | 'timeout' | 'stop' | 'lost';

/** See {@link WorkflowEngineDeps.leftWork}. */
export interface LeftWork {
  /**
   * Stops what the given attempts (job run ids) of the run left running;
   * resolves with a line per thing stopped, by job run id (for its log).
   */
  cancel(runId: string, jobRunIds: string[]): Promise<Map<string, string>>;
}
