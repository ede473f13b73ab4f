import { BerthActionDeps } from './actionDeps';
import { createBerthEnvironmentCopyAction } from './environmentCopy';
import { createBerthEnvironmentCreateAction } from './environmentCreate';
import { createBerthEnvironmentDeployAction } from './environmentDeploy';
import { createBerthHelmImportAction } from './helmImport';
import { createBerthSandboxCreateAction } from './sandboxCreate';
import { createBerthWorkflowRunAction } from './workflowRun';

export type { BerthActionDeps } from './actionDeps';
export {
  createBerthEnvironmentCopyAction,
  createBerthEnvironmentCreateAction,
  createBerthEnvironmentDeployAction,
  createBerthHelmImportAction,
  createBerthSandboxCreateAction,
  createBerthWorkflowRunAction,
};

/** Every Berth scaffolder action. */
export function createBerthActions(deps: BerthActionDeps) {
  return [
    createBerthEnvironmentCreateAction(deps),
    createBerthEnvironmentCopyAction(deps),
    createBerthEnvironmentDeployAction(deps),
    createBerthHelmImportAction(deps),
    createBerthWorkflowRunAction(deps),
    createBerthSandboxCreateAction(deps),
  ];
}
