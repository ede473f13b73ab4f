import type { WorkflowsApi } from '../../components/workflows/api';
import { FakeBerthApi, FakeBerthData, FakeBerthOptions } from '../FakeBerthApi';
import {
  FakeWorkflowsApi,
  FakeWorkflowsBackend,
  FakeWorkflowsData,
} from './FakeWorkflowsBackend';

type Delegated = { [K in keyof FakeWorkflowsApi]: FakeWorkflowsApi[K] };

/**
 * The fake Berth backend with its workflow routes: a FakeBerthApi (projects,
 * environments, ...) whose workflow methods are those of `workflows`.
 */
export class FakeBerthWorkflowsApi extends FakeBerthApi implements Delegated {
  readonly workflows: FakeWorkflowsBackend;

  constructor(
    data: FakeBerthData,
    workflows: Partial<FakeWorkflowsData>,
    options: FakeBerthOptions = {},
  ) {
    super(data, options);
    this.workflows = new FakeWorkflowsBackend(workflows, {
      signals: options.signals,
      error: options.error,
      actor: () => options.actor ?? 'user:default/guest',
    });
  }

  listWorkflows: WorkflowsApi['listWorkflows'] = (...a) =>
    this.workflows.listWorkflows(...a);
  getWorkflow: WorkflowsApi['getWorkflow'] = (...a) =>
    this.workflows.getWorkflow(...a);
  createWorkflow: WorkflowsApi['createWorkflow'] = (...a) =>
    this.workflows.createWorkflow(...a);
  updateWorkflow: WorkflowsApi['updateWorkflow'] = (...a) =>
    this.workflows.updateWorkflow(...a);
  deleteWorkflow: WorkflowsApi['deleteWorkflow'] = (...a) =>
    this.workflows.deleteWorkflow(...a);
  listWorkflowRevisions: WorkflowsApi['listWorkflowRevisions'] = (...a) =>
    this.workflows.listWorkflowRevisions(...a);
  listWorkflowDeliveries: WorkflowsApi['listWorkflowDeliveries'] = (...a) =>
    this.workflows.listWorkflowDeliveries(...a);
  startWorkflowRun: WorkflowsApi['startWorkflowRun'] = (...a) =>
    this.workflows.startWorkflowRun(...a);
  listWorkflowRuns: WorkflowsApi['listWorkflowRuns'] = (...a) =>
    this.workflows.listWorkflowRuns(...a);
  listRuns: WorkflowsApi['listRuns'] = (...a) => this.workflows.listRuns(...a);
  getWorkflowRun: WorkflowsApi['getWorkflowRun'] = (...a) =>
    this.workflows.getWorkflowRun(...a);
  cancelWorkflowRun: WorkflowsApi['cancelWorkflowRun'] = (...a) =>
    this.workflows.cancelWorkflowRun(...a);
  retryWorkflowRun: WorkflowsApi['retryWorkflowRun'] = (...a) =>
    this.workflows.retryWorkflowRun(...a);
  rerunWorkflowRun: WorkflowsApi['rerunWorkflowRun'] = (...a) =>
    this.workflows.rerunWorkflowRun(...a);
  continueWorkflowStage: WorkflowsApi['continueWorkflowStage'] = (...a) =>
    this.workflows.continueWorkflowStage(...a);
  getJobLogs: WorkflowsApi['getJobLogs'] = (...a) =>
    this.workflows.getJobLogs(...a);
  streamJobLogsUrl: WorkflowsApi['streamJobLogsUrl'] = (...a) =>
    this.workflows.streamJobLogsUrl(...a);
  listWorkflowApprovals: WorkflowsApi['listWorkflowApprovals'] = (...a) =>
    this.workflows.listWorkflowApprovals(...a);
  decideWorkflowApproval: WorkflowsApi['decideWorkflowApproval'] = (...a) =>
    this.workflows.decideWorkflowApproval(...a);
}
