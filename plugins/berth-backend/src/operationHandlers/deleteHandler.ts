import { NotFoundError } from '@backstage/errors';
import { EnvironmentService } from '../environments/EnvironmentService';
import { OperationHandler } from '../operations/OperationHandler';
import { serviceStepKey } from './deploySteps';
import { loadTarget, TargetDeps } from './loadTarget';

export interface DeleteSpec {
  keepResources: boolean;
}

/**
 * `delete`: removes every service (in parallel), the namespace when Berth
 * created it, then the environment and its records. Each is a step, so a
 * resumed delete goes on where it stopped.
 */
export function deleteHandler(
  deps: TargetDeps & { environmentService: EnvironmentService },
): OperationHandler<DeleteSpec> {
  return {
    kind: 'delete',
    async run(context) {
      const { operation } = context;
      const target = await loadTarget(deps, operation).catch(error => {
        // A resumed delete whose last step had already removed the environment.
        if (error instanceof NotFoundError && operation.attempts > 1) {
          return undefined;
        }
        throw error;
      });
      if (!target) return 'Deleted (finished before an interruption)';
      const { environment, project } = target;
      const { keepResources } = operation.spec;
      const services = keepResources
        ? []
        : project.services.map(s => ({
            key: serviceStepKey(s.name),
            title: `Remove ${s.name}`,
            name: s.name,
          }));
      const namespace = { key: 'namespace', title: 'Namespace' };
      const records = { key: 'records', title: 'Environment and records' };
      await context.plan([
        ...services,
        ...(keepResources ? [] : [namespace]),
        records,
      ]);
      const results = await Promise.allSettled(
        services.map(step =>
          context.step(step, async () => {
            await deps.environmentService.removeService(
              project,
              environment,
              step.name,
            );
            return null;
          }),
        ),
      );
      const failed = results.filter(r => r.status === 'rejected');
      if (failed.length > 0) throw (failed[0] as PromiseRejectedResult).reason;
      let namespaceDeleted = false;
      if (!keepResources) {
        namespaceDeleted = await context.step(namespace, () =>
          deps.environmentService.deleteNamespace(environment),
        );
      }
      await context.step(records, async () => {
        await deps.environmentService.forget(environment);
        return null;
      });
      return keepResources
        ? `Deleted environment '${environment.name}' from Berth; its resources were kept`
        : `Deleted environment '${environment.name}': ${
            services.length
          } service(s) removed${
            namespaceDeleted
              ? `, namespace ${environment.namespace} deleted`
              : `, namespace ${environment.namespace} kept (Berth did not create it)`
          }`;
    },
  };
}
