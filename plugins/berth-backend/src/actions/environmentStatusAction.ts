import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { readableEnvironment } from './readableEnvironment';
import { environmentIdInput } from './actionSchemas';
import { BerthActionDeps } from './BerthActionDeps';

/** `get-environment-status`: an environment's live state, per service. */
export function registerEnvironmentStatusAction(
  registry: ActionsRegistryService,
  deps: Pick<BerthActionDeps, 'authorizedEnvironments' | 'status'>,
) {
  registry.register({
    name: 'get-environment-status',
    title: "Get a Berth environment's status",
    description:
      'The live state of an environment from its namespace: overall status (Deploying, Running, Unstable, Error, Disconnected, NotDeployed or Sleeping) and per service its status, revision, images, ready and wanted replicas and a message when something is wrong. Needs read permission on the environment.',
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z => z.object({ environmentId: environmentIdInput(z) }),
      output: z =>
        z.object({
          environmentId: z.string(),
          name: z.string(),
          status: z.string(),
          services: z.array(
            z.object({
              service: z.string(),
              status: z.string(),
              revision: z.number().optional(),
              images: z.array(z.string()),
              readyReplicas: z.number(),
              replicas: z.number(),
              message: z.string().optional(),
            }),
          ),
          updatedAt: z.string(),
        }),
    },
    action: async ({ input, credentials }) => {
      const environment = await readableEnvironment(
        deps,
        credentials,
        input.environmentId,
      );
      const status = await deps.status.environmentStatus(environment);
      return {
        output: {
          environmentId: environment.id,
          name: environment.name,
          status: status.status,
          services: status.services,
          updatedAt: status.updatedAt,
        },
      };
    },
  });
}
