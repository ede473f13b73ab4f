import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { SignalsService } from '@backstage/plugin-signals-node';
import { BerthJobType } from '@berth/plugin-berth-node';
import { Knex } from 'knex';
import { createApprovalJobType } from '../approvals/approvalJobType';
import { ResolveEnvironment } from '../definitions';
import { JobLogs } from '../logs';
import { WorkflowTriggerTarget } from '../triggers/WorkflowTriggerTarget';
import { DefaultWorkflowService } from '../WorkflowService';
import { createWorkflowStores, LeftWork, WorkflowStores } from './engineDeps';
import { WorkflowEngineConfig } from './readWorkflowEngineConfig';
import { WorkflowEngine } from './WorkflowEngine';
import { WorkflowRunEvents } from './WorkflowRunEvents';
import { ProjectOwners, WorkflowSignals } from './WorkflowSignals';
import { createWorkflowTriggerTarget } from './workflowTriggerTarget';

export interface WorkflowRuntimeOptions {
  knex: Knex;
  config: WorkflowEngineConfig;
  /**
   * Job types by key. `approval` is added here; other job types may be
   * added to the same map until `engine.start()` (e.g. `trigger-workflow`,
   * which needs the service made here).
   */
  jobTypes: Map<string, BerthJobType>;
  logs: JobLogs;
  resolveEnvironment: ResolveEnvironment;
  projectOwners?: ProjectOwners;
  logger: LoggerService;
  auditor?: AuditorService;
  signals?: SignalsService;
  events?: WorkflowRunEvents;
  /** Deletes the Kubernetes Jobs of a run taken over while cancelling (LeftKubernetesJobs). */
  leftWork?: LeftWork;
}

export interface WorkflowRuntime {
  stores: WorkflowStores;
  engine: WorkflowEngine;
  service: DefaultWorkflowService;
  triggerTarget: WorkflowTriggerTarget;
}

/** The workflow stores, engine, service and trigger target over one database, with the `approval` job type registered. */
export function createWorkflowRuntime(
  o: WorkflowRuntimeOptions,
): WorkflowRuntime {
  const stores = createWorkflowStores(o.knex);
  if (!o.jobTypes.has('approval')) {
    o.jobTypes.set(
      'approval',
      createApprovalJobType({
        approvals: stores.approvals,
        runs: stores.runs,
        events: o.events,
        logger: o.logger,
        pollIntervalMs: o.config.pollIntervalMs,
      }),
    );
  }
  const engine = new WorkflowEngine({
    stores,
    jobTypes: o.jobTypes,
    logs: o.logs,
    config: o.config,
    logger: o.logger,
    auditor: o.auditor,
    signals: o.signals
      ? new WorkflowSignals(o.signals, o.logger, o.projectOwners)
      : undefined,
    events: o.events,
    leftWork: o.leftWork,
    knex: o.knex,
  });
  const service = new DefaultWorkflowService({
    stores,
    engine,
    jobTypes: o.jobTypes,
    resolveEnvironment: o.resolveEnvironment,
    logs: o.logs,
    auditor: o.auditor,
    logger: o.logger,
  });
  return {
    stores,
    engine,
    service,
    triggerTarget: createWorkflowTriggerTarget(service, stores.workflows),
  };
}
