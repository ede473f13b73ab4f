import { WorkflowRunStatus } from '@berth/plugin-berth-common';
import { useState } from 'react';
import { useWorkflowRuns } from '../../../hooks/useWorkflowRuns';
import { RunStatusFilter, RunsTable } from './RunsTable';

/** The run history of a workflow, filtered by status. */
export const WorkflowRunsTab = (props: {
  workflowId: string;
  refreshKey?: unknown;
}) => {
  const [status, setStatus] = useState<WorkflowRunStatus | ''>('');
  const runs = useWorkflowRuns(
    props.workflowId,
    status ? [status] : [],
    props.refreshKey,
  );
  return (
    <>
      <RunStatusFilter value={status} onChange={setStatus} />
      <RunsTable
        runs={runs.value ?? []}
        loading={runs.loading && !runs.value}
        error={runs.error}
      />
    </>
  );
};
