import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { maskSecretTokensDeep } from '../secretValues';
import { readableEnvironment } from './readableEnvironment';
import { environmentIdInput } from './actionSchemas';
import { BerthActionDeps } from './BerthActionDeps';

/** `get-operation`: an operation's status, progress and steps. */
export function registerOperationStatusAction(
  registry: ActionsRegistryService,
  deps: Pick<
    BerthActionDeps,
    'authorizedEnvironments' | 'environmentOperations'
  >,
) {
  registry.register({
    name: 'get-operation',
    title: 'Get a Berth operation',
    description:
      'The status of an operation of an environment (a deploy, create, copy, sleep or wake that a Berth tool or the portal started): queued, running, succeeded, failed or cancelled, its progress, its message and its steps. Needs read permission on the environment.',
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          environmentId: environmentIdInput(z),
          operationId: z
            .string()
            .uuid()
            .describe('The operation id a Berth tool answered'),
        }),
      output: z =>
        z.object({
          id: z.string(),
          kind: z.string(),
          title: z.string(),
          status: z.string(),
          actor: z.string(),
          message: z.string().optional(),
          queuedBehind: z.string().optional(),
          createdAt: z.string(),
          startedAt: z.string().optional(),
          finishedAt: z.string().optional(),
          progress: z.object({ done: z.number(), total: z.number() }),
          steps: z.array(
            z.object({
              key: z.string(),
              title: z.string(),
              parent: z.string().optional(),
              status: z.string(),
              message: z.string().optional(),
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
      const operation = await deps.environmentOperations.get(
        environment.id,
        input.operationId,
      );
      return {
        output: maskSecretTokensDeep({
          id: operation.id,
          kind: operation.kind,
          title: operation.title,
          status: operation.status,
          actor: operation.actor,
          message: operation.message,
          queuedBehind: operation.queuedBehind,
          createdAt: operation.createdAt,
          startedAt: operation.startedAt,
          finishedAt: operation.finishedAt,
          progress: operation.progress,
          steps: (operation.steps ?? []).map(step => ({
            key: step.key,
            title: step.title,
            parent: step.parent,
            status: step.status,
            message: step.message,
          })),
        }),
      };
    },
  });
}
