import { EnvironmentService } from '../environments/EnvironmentService';
import { OperationHandler } from '../operations/OperationHandler';
import { DeployHandlerDeps, runDeploy } from './deployHandler';
import { loadTarget } from './loadTarget';

/** A new environment (or copy): its namespace, then its first deploy. */
export interface CreateSpec {
  adoptNamespace: boolean;
  deploy: boolean;
}

/** Handlers for `create` and `copy`: namespace, then every service in start order. */
export function createHandlers(
  deps: DeployHandlerDeps & { environmentService: EnvironmentService },
): OperationHandler<CreateSpec>[] {
  return (['create', 'copy'] as const).map(kind => ({
    kind,
    async run(context) {
      const { spec } = context.operation;
      await context.plan([{ key: 'namespace', title: 'Namespace' }]);
      await context.step({ key: 'namespace', title: 'Namespace' }, async () => {
        const { environment } = await loadTarget(deps, context.operation);
        const ready = await deps.environmentService.ensureNamespace(
          environment,
          { adopt: spec.adoptNamespace },
        );
        await context.log(
          `Namespace ${ready.namespace} on ${ready.cluster} ${
            ready.namespaceCreated ? 'created' : 'adopted'
          }`,
          { step: 'namespace' },
        );
        return null;
      });
      if (!spec.deploy) return 'Created (not deployed)';
      return `Created. ${await runDeploy(deps, context)}`;
    },
  }));
}
