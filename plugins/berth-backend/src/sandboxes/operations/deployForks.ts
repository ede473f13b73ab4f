import { BerthProject, SandboxFork } from '@berth/plugin-berth-common';
import { startOrderGroups } from '../../deployments/startOrderGroups';
import { StoredEnvironment } from '../../model/environment';
import { OperationContext } from '../../operations/OperationContext';
import { SandboxRuntime } from '../cluster/SandboxRuntime';
import { ForkDeployer } from '../forks/ForkDeployer';
import { StoredSandbox } from '../SandboxStore';

/** The step of one fork's deploy. */
export const forkStep = (service: string) => ({
  key: `fork:${service}`,
  title: `Deploy the fork of ${service}`,
});

/** The forks in the base's start order: groups one after another. */
export function forkGroups(
  project: BerthProject,
  forks: SandboxFork[],
): SandboxFork[][] {
  const byService = new Map(forks.map(f => [f.service, f]));
  return startOrderGroups(
    project,
    forks.map(f => f.service),
  ).map(group => group.map(service => byService.get(service)!));
}

/**
 * Deploys the forks (a step each, a group's in parallel): the placeholders
 * the fork's chart creates itself go first, then the chart is installed
 * and its workloads awaited.
 */
export async function deployForks(
  deps: { runtime: SandboxRuntime; forks: ForkDeployer },
  context: OperationContext,
  target: {
    sandbox: StoredSandbox;
    base: StoredEnvironment;
    project: BerthProject;
  },
): Promise<void> {
  const { sandbox, base, project } = target;
  for (const group of forkGroups(project, sandbox.forks)) {
    const results = await Promise.allSettled(
      group.map(fork =>
        context.step(forkStep(fork.service), async step => {
          const deployment = await deps.forks.resolve({
            project,
            base,
            sandbox,
            fork,
          });
          const names = await deps.forks.serviceNames(deployment);
          const removed = await deps.runtime.deletePlaceholders(sandbox, names);
          if (removed.length > 0) {
            await context.log(
              `Removed the placeholder(s) ${removed.join(', ')}: the fork of ${
                fork.service
              } creates them`,
              { step: forkStep(fork.service).key },
            );
          }
          await deps.forks.deploy(deployment, base, {
            interrupted: step.interrupted,
            signal: context.signal,
          });
          return null;
        }),
      ),
    );
    const failed = results.find(
      (r): r is PromiseRejectedResult => r.status === 'rejected',
    );
    if (failed) throw failed.reason;
  }
}
