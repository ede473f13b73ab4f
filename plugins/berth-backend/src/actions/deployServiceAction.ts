import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { berthEnvironmentDeployPermission } from '@berth/plugin-berth-common';
import { startServiceDeploy } from '../environments/startServiceDeploy';
import { environmentActions } from '../permissions/environmentActions';
import { actionCaller, auditedAction } from './actionCaller';
import {
  dnsLabelInput,
  environmentIdInput,
  startedOperationOutput,
} from './actionSchemas';
import { BerthActionDeps } from './BerthActionDeps';
import { startedOperation } from './startedOperation';

/**
 * `deploy-service`: deploys one service to an environment, as
 * `POST /environments/:id/services/:service/deploy` does (deploy permission;
 * update too when it moves the pinned revision).
 */
export function registerDeployServiceAction(
  registry: ActionsRegistryService,
  deps: Pick<
    BerthActionDeps,
    | 'authorizedEnvironments'
    | 'auditor'
    | 'projects'
    | 'environmentService'
    | 'environmentOperations'
  >,
) {
  registry.register({
    name: 'deploy-service',
    title: 'Deploy a service to a Berth environment',
    description:
      "Deploys one service of the environment's project, optionally at another revision or with other images (by image name). Needs deploy permission on the environment, and update permission when the revision changes. Starts an operation and answers its id (follow it with berth.get-operation).",
    attributes: { readOnly: false, destructive: true, idempotent: false },
    schema: {
      input: z =>
        z.object({
          environmentId: environmentIdInput(z),
          service: dnsLabelInput(z, 'The service, as the project names it'),
          revision: z
            .number()
            .int()
            .min(1)
            .optional()
            .describe(
              'Deploy this revision of the service (and pin it); the pinned one when left out',
            ),
          images: z
            .record(z.string().min(1).max(63), z.string().min(1).max(512))
            .optional()
            .describe(
              "Image overrides by image name, e.g. { main: 'ghcr.io/acme/cart:1.2.3' }",
            ),
        }),
      output: startedOperationOutput,
    },
    action: async ({ input, credentials }) => {
      const caller = actionCaller(credentials);
      const { service, revision, images } = input;
      const environment = await deps.authorizedEnvironments.get(
        caller.credentials,
        input.environmentId,
        berthEnvironmentDeployPermission,
        environmentActions.movesRevision(service, revision),
      );
      const project = await deps.projects.getProject(environment.projectRef);
      await deps.environmentOperations.assertCanStart(
        environment.id,
        'deploy-service',
      );
      const settings = {
        ...(revision !== undefined && { revision }),
        ...(images && { images }),
      };
      const operation = await auditedAction(
        deps.auditor,
        caller,
        'environment-service-deploy',
        { environment: environment.id, service },
        () =>
          startServiceDeploy(
            deps,
            { project, environment, service, settings },
            caller.actor,
          ),
      );
      return { output: startedOperation(environment.id, operation) };
    },
  });
}
