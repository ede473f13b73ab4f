import { BerthProject } from '@berth/plugin-berth-common';
import { EnvironmentStore } from '../../database/EnvironmentStore';
import { StoredEnvironment } from '../../model/environment';
import { ProjectService } from '../../projects/ProjectService';
import { StoredOperation } from '../../operations/OperationStore';
import { SandboxStore, StoredSandbox } from '../SandboxStore';

/** The spec of every sandbox operation. */
export interface SandboxOperationSpec {
  sandboxId: string;
  /** `sandbox-update`: the services no longer forked. */
  removed?: string[];
}

/** What sandbox handlers read when they run. */
export interface SandboxTargetDeps {
  sandboxes: SandboxStore;
  environments: EnvironmentStore;
  projects: ProjectService;
}

/** The sandbox, its base and project as they are now; undefined when the sandbox is gone. */
export async function loadSandboxTarget(
  deps: SandboxTargetDeps,
  operation: StoredOperation<SandboxOperationSpec>,
): Promise<
  | { sandbox: StoredSandbox; base: StoredEnvironment; project: BerthProject }
  | undefined
> {
  const sandbox = await deps.sandboxes.find(operation.spec.sandboxId);
  if (!sandbox) return undefined;
  const base = await deps.environments.getById(sandbox.baseEnvironmentId);
  const project = await deps.projects.getProject(base.projectRef);
  return { sandbox, base, project };
}
