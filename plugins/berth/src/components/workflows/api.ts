import { useApi } from '@backstage/core-plugin-api';
import {
  BerthApi,
  WorkflowApproval,
  WorkflowRunSummary,
  WorkflowsApi,
} from '@berth/plugin-berth-common';
import { berthApiRef } from '../../api';

/** `GET /workflows/{id}/runs` query. */
export type WorkflowRunsQuery = NonNullable<
  Parameters<WorkflowsApi['listWorkflowRuns']>[1]
>;

/** `GET /workflow-runs` query. */
export type RunsQuery = NonNullable<Parameters<WorkflowsApi['listRuns']>[0]>;

/** `GET /workflow-approvals` query. */
export type WorkflowApprovalsQuery = NonNullable<
  Parameters<WorkflowsApi['listWorkflowApprovals']>[0]
>;

/** An approval with its run, as the inbox lists it. */
export type WorkflowApprovalWithRun = WorkflowApproval & {
  run: WorkflowRunSummary;
};

/** The workflow methods of the Berth API (berth-common's client implements them). */
export type { WorkflowsApi };

/** The Berth API with its workflow methods. */
export type BerthWorkflowsApi = BerthApi & WorkflowsApi;

/** The Berth API as the workflow pages use it. */
export function useWorkflowsApi(): BerthWorkflowsApi {
  return useApi(berthApiRef) as BerthWorkflowsApi;
}
