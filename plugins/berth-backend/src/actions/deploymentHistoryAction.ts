import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { maskSecretTokensDeep } from '../secretValues';
import { readableEnvironment } from './readableEnvironment';
import { dnsLabelInput, environmentIdInput } from './actionSchemas';
import { BerthActionDeps } from './BerthActionDeps';

/** `list-deployments`: a service's deployment history in an environment. */
export function registerDeploymentHistoryAction(
  registry: ActionsRegistryService,
  deps: Pick<BerthActionDeps, 'authorizedEnvironments' | 'deployments'>,
) {
  registry.register({
    name: 'list-deployments',
    title: "List a service's deployments in a Berth environment",
    description:
      'The deployment history of one service in an environment, newest first: revision, images, result (running, succeeded, failed) and message, who deployed it and when, the operation that did it, and which record a rollback went back to. Needs read permission on the environment.',
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          environmentId: environmentIdInput(z),
          service: dnsLabelInput(z, 'The service, as the project names it'),
          limit: z
            .number()
            .int()
            .min(1)
            .max(100)
            .default(20)
            .describe('At most this many records (default 20)'),
        }),
      output: z =>
        z.object({
          deployments: z.array(
            z.object({
              id: z.string(),
              service: z.string(),
              revision: z.number(),
              images: z.array(z.string()),
              result: z.string(),
              message: z.string().optional(),
              actor: z.string(),
              startedAt: z.string(),
              finishedAt: z.string().optional(),
              operationId: z.string().optional(),
              rollbackOf: z.string().optional(),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const environment = await readableEnvironment(
        deps,
        credentials,
        input.environmentId,
      );
      const records = await deps.deployments.list(environment.id, {
        service: input.service,
      });
      const deployments = records.slice(0, input.limit).map(r => ({
        id: r.id,
        service: r.service,
        revision: r.revision,
        images: r.images,
        result: r.result,
        message: r.message,
        actor: r.actor,
        startedAt: r.startedAt,
        finishedAt: r.finishedAt,
        operationId: r.operationId,
        rollbackOf: r.rollbackOf,
      }));
      return { output: maskSecretTokensDeep({ deployments }) };
    },
  });
}
