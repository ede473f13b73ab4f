import { ConflictError } from '@backstage/errors';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { berthEnvironmentSleepPermission } from '@berth/plugin-berth-common';
import { sleepConflict } from '../sleep/sleepConflict';
import { actionCaller, auditedAction } from './actionCaller';
import { environmentIdInput, startedOperationOutput } from './actionSchemas';
import { BerthActionDeps } from './BerthActionDeps';
import { startedOperation } from './startedOperation';

const descriptions = {
  sleep:
    'Puts an environment to sleep: its Deployments and StatefulSets scaled to zero (their replica counts kept) and its CronJobs suspended; deploys are refused until it wakes. Needs sleep permission on the environment. Starts an operation and answers its id.',
  wake: 'Wakes a sleeping environment: replicas restored group by group in start order, the CronJobs sleep suspended resumed. Needs sleep permission on the environment. Starts an operation and answers its id.',
};

/**
 * `sleep-environment` and `wake-environment`, as `POST /environments/:id/sleep`
 * and `/wake` (sleep permission; refused in a state that does not allow it).
 */
export function registerSleepWakeActions(
  registry: ActionsRegistryService,
  deps: Pick<
    BerthActionDeps,
    'authorizedEnvironments' | 'auditor' | 'environmentOperations'
  >,
) {
  for (const kind of ['sleep', 'wake'] as const) {
    registry.register({
      name: `${kind}-environment`,
      title: `${kind === 'sleep' ? 'Sleep' : 'Wake'} a Berth environment`,
      description: descriptions[kind],
      attributes: { readOnly: false, destructive: true, idempotent: false },
      schema: {
        input: z => z.object({ environmentId: environmentIdInput(z) }),
        output: startedOperationOutput,
      },
      action: async ({ input, credentials }) => {
        const caller = actionCaller(credentials);
        const environment = await deps.authorizedEnvironments.get(
          caller.credentials,
          input.environmentId,
          berthEnvironmentSleepPermission,
        );
        await deps.environmentOperations.assertCanStart(environment.id, kind);
        const refused = sleepConflict(kind, environment);
        if (refused) {
          throw new ConflictError(
            `Environment '${environment.name}' ${refused}`,
          );
        }
        const title = `${kind === 'sleep' ? 'Sleep' : 'Wake'} ${
          environment.name
        }`;
        const operation = await auditedAction(
          deps.auditor,
          caller,
          `environment-${kind}`,
          { environment: environment.id },
          () =>
            deps.environmentOperations.start(
              environment,
              { kind, title, spec: {} },
              caller.actor,
            ),
        );
        return { output: startedOperation(environment.id, operation) };
      },
    });
  }
}
