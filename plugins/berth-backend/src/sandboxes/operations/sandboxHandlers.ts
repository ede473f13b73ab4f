import { stringifyError } from '@backstage/errors';
import { BerthRoutesReport } from '@berth/plugin-berth-node';
import { OperationContext } from '../../operations/OperationContext';
import { OperationHandler } from '../../operations/OperationHandler';
import { SandboxRuntime } from '../cluster/SandboxRuntime';
import { ForkDeployer } from '../forks/ForkDeployer';
import { StoredSandbox } from '../SandboxStore';
import { deployForks, forkGroups, forkStep } from './deployForks';
import {
  loadSandboxTarget,
  SandboxOperationSpec,
  SandboxTargetDeps,
} from './sandboxTarget';

/** What the sandbox handlers need. */
export interface SandboxHandlerDeps extends SandboxTargetDeps {
  runtime: SandboxRuntime;
  forks: ForkDeployer;
}

const STEPS = {
  namespace: { key: 'namespace', title: 'Sandbox namespace' },
  placeholders: { key: 'placeholders', title: 'Placeholder Services' },
  routes: { key: 'routes', title: 'Routes' },
  removeRoutes: { key: 'remove-routes', title: 'Remove the routes' },
  removeForks: { key: 'remove-forks', title: 'Remove the dropped forks' },
  deleteNamespace: { key: 'delete-namespace', title: 'Delete the namespace' },
  verify: { key: 'verify', title: 'Check nothing is left' },
  record: { key: 'record', title: 'Forget the sandbox' },
};

/** Writes the routes and marks the sandbox ready (or degraded, with the driver's warnings). */
async function writeRoutes(
  deps: SandboxHandlerDeps,
  context: OperationContext,
  sandbox: StoredSandbox,
): Promise<BerthRoutesReport> {
  const report = await context.step(STEPS.routes, () =>
    deps.runtime.ensureRoutes(sandbox, undefined, context.signal),
  );
  await deps.sandboxes.update(sandbox.id, {
    status: report.warnings.length > 0 ? 'degraded' : 'ready',
    warnings: report.warnings,
    previewHosts: report.previewHosts ?? [],
    routesWrittenAt: new Date(),
    message: null,
  });
  return report;
}

/**
 * Marks the sandbox failed with the error's message, after removing its
 * routes (nothing half-routed stays routed); an interruption (shutdown,
 * lost lease) leaves it as it is for the next attempt.
 */
async function failed(
  deps: SandboxHandlerDeps,
  context: OperationContext,
  sandbox: StoredSandbox,
  error: unknown,
): Promise<never> {
  if (context.signal.aborted) throw error;
  await deps.runtime
    .removeRoutes(sandbox)
    .catch(removeError =>
      context.log(
        `Could not remove the routes of the failed sandbox: ${stringifyError(
          removeError,
        )}`,
        { level: 'warn' },
      ),
    );
  await deps.sandboxes
    .update(sandbox.id, { status: 'failed', message: stringifyError(error) })
    .catch(() => undefined);
  throw error;
}

function summary(sandbox: StoredSandbox, report: BerthRoutesReport): string {
  const forks = sandbox.forks.map(f => f.service).join(', ') || 'no service';
  return `Sandbox '${sandbox.name}' in ${sandbox.namespace}: forks ${forks}; ${
    report.written.length
  } route object(s) written${
    report.warnings.length ? `; warnings: ${report.warnings.join('; ')}` : ''
  }`;
}

/** `sandbox-create`: namespace, placeholders, forks in start order, routes. */
export function sandboxCreateHandler(
  deps: SandboxHandlerDeps,
): OperationHandler<SandboxOperationSpec> {
  return {
    kind: 'sandbox-create',
    async run(context) {
      const target = await loadSandboxTarget(deps, context.operation);
      if (!target) throw new Error('The sandbox no longer exists');
      const { sandbox, project } = target;
      await context.plan([
        STEPS.namespace,
        STEPS.placeholders,
        ...forkGroups(project, sandbox.forks)
          .flat()
          .map(f => forkStep(f.service)),
        STEPS.routes,
      ]);
      try {
        await context.step(STEPS.namespace, async () => {
          await deps.runtime.ensureNamespace(sandbox);
          return null;
        });
        await context.step(STEPS.placeholders, async () => {
          const names = await deps.runtime.ensurePlaceholders(
            sandbox,
            await deps.runtime.baseServices(sandbox),
          );
          await context.log(`${names.length} placeholder Service(s) written`);
          return null;
        });
        await deployForks(deps, context, target);
        return summary(sandbox, await writeRoutes(deps, context, sandbox));
      } catch (error) {
        return failed(deps, context, sandbox, error);
      }
    },
  };
}

/**
 * `sandbox-update`: deploys the forks (the row holds the new ones), writes
 * the routes for them, then uninstalls the dropped forks and puts their
 * placeholders back.
 */
export function sandboxUpdateHandler(
  deps: SandboxHandlerDeps,
): OperationHandler<SandboxOperationSpec> {
  return {
    kind: 'sandbox-update',
    async run(context) {
      const target = await loadSandboxTarget(deps, context.operation);
      if (!target) throw new Error('The sandbox no longer exists');
      const { sandbox, base, project } = target;
      const removed = context.operation.spec.removed ?? [];
      await context.plan([
        ...forkGroups(project, sandbox.forks)
          .flat()
          .map(f => forkStep(f.service)),
        STEPS.routes,
        STEPS.removeForks,
        STEPS.placeholders,
      ]);
      try {
        await deployForks(deps, context, target);
        const report = await writeRoutes(deps, context, sandbox);
        await context.step(STEPS.removeForks, async () => {
          for (const service of removed) {
            await deps.forks.remove({ project, base, sandbox, service });
          }
          return null;
        });
        await context.step(STEPS.placeholders, async () => {
          await deps.runtime.ensurePlaceholders(
            sandbox,
            await deps.runtime.baseServices(sandbox),
          );
          return null;
        });
        return summary(sandbox, report);
      } catch (error) {
        return failed(deps, context, sandbox, error);
      }
    },
  };
}

/**
 * `sandbox-delete`: the routes first (the key reaches the base again at
 * once), then the namespace (in the background), then a check that nothing
 * of the sandbox is left, then its row.
 */
export function sandboxDeleteHandler(
  deps: SandboxHandlerDeps,
): OperationHandler<SandboxOperationSpec> {
  return {
    kind: 'sandbox-delete',
    async run(context) {
      const sandbox = await deps.sandboxes.find(
        context.operation.spec.sandboxId,
      );
      if (!sandbox) return 'Deleted (finished before an interruption)';
      await context.plan([
        STEPS.removeRoutes,
        STEPS.deleteNamespace,
        STEPS.verify,
        STEPS.record,
      ]);
      await deps.sandboxes.update(sandbox.id, {
        status: 'deleting',
        operationId: context.operation.id,
      });
      await context.step(STEPS.removeRoutes, async () => {
        await deps.runtime.removeRoutes(sandbox, context.signal);
        return null;
      });
      await context.step(STEPS.deleteNamespace, async () => {
        await deps.runtime.deleteNamespace(sandbox);
        return null;
      });
      await context.step(STEPS.verify, async () => {
        const left = await deps.runtime.leftovers(sandbox);
        if (left.length > 0) {
          throw new Error(`Still there after the delete: ${left.join(', ')}`);
        }
        return null;
      });
      await context.step(STEPS.record, async () => {
        await deps.sandboxes.delete(sandbox.id);
        return null;
      });
      return `Deleted sandbox '${sandbox.name}': routes removed, namespace ${sandbox.namespace} deleted`;
    },
  };
}
