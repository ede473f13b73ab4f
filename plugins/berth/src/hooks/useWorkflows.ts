import { ProjectRef } from '@berth/plugin-berth-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useWorkflowsApi } from '../components/workflows/api';
import { useWorkflowSignals } from './useWorkflowSignals';

/**
 * The workflows of a project with their last runs (none while `project` is
 * undefined); fetched again when a run of the project changes status.
 */
export function useWorkflows(project: ProjectRef | undefined) {
  const api = useWorkflowsApi();
  const workflows = useAsyncRetry(
    async () => (project ? api.listWorkflows(project) : []),
    [api, project?.namespace, project?.name],
  );
  useWorkflowSignals(signal => {
    if (workflows.value?.some(w => w.id === signal.workflowId)) {
      workflows.retry();
    }
  });
  return workflows;
}
