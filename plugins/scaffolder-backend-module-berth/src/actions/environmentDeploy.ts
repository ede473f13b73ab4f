import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { berthClientFor } from '../berth/berthClientForTask';
import { withBerthErrors } from '../berth/berthErrors';
import { checkpointKey } from '../berth/checkpointKey';
import { findEnvironment } from '../berth/findEnvironment';
import { projectRefOf } from '../berth/projectRef';
import { BerthActionDeps, dryRunId, WAIT_DESCRIPTION } from './actionDeps';
import { operationRef, outputOperation } from './outputOperation';
import { environmentSelectorFields } from './schemas';

/**
 * `berth:environment:deploy`: deploys every service of an environment in
 * start order (`POST /environments/:id/deploy`), or one service with a
 * revision or images (`POST .../services/:service/deploy`).
 */
export function createBerthEnvironmentDeployAction(deps: BerthActionDeps) {
  return withBerthErrors(
    createTemplateAction({
      id: 'berth:environment:deploy',
      description:
        'Deploys a Berth environment (every service in start order) or one of its services, as the template user',
      supportsDryRun: true,
      examples: [
        {
          description:
            'Deploy revision 4 of the cart to the shop environment qa',
          example: [
            'steps:',
            '  - id: deploy',
            '    action: berth:environment:deploy',
            '    input:',
            '      system: system:default/shop',
            '      environment: qa',
            '      service: cart',
            '      revision: 4',
          ].join('\n'),
        },
      ],
      schema: {
        input: z =>
          z.object({
            ...environmentSelectorFields(z, 'environment'),
            service: z
              .string()
              .min(1)
              .optional()
              .describe('Only this service (default: every service)'),
            revision: z
              .number()
              .int()
              .positive()
              .optional()
              .describe('With service: move it to this revision (an update)'),
            images: z
              .record(z.string().min(1))
              .optional()
              .describe('With service: image overrides by image name'),
            wait: z.boolean().optional().describe(WAIT_DESCRIPTION),
          }),
        output: z =>
          z.object({
            environmentId: z.string(),
            operationId: z.string(),
            environmentUrl: z.string(),
            dryRun: z.boolean(),
          }),
      },
      async handler(ctx) {
        const { input } = ctx;
        if (!input.service && (input.revision || input.images)) {
          throw new InputError('revision and images need a service');
        }
        const client = berthClientFor(
          deps,
          await ctx.getInitiatorCredentials(),
        );
        const environment = await findEnvironment(client, input);
        const what = input.service
          ? `service '${input.service}'${
              input.revision ? ` at revision ${input.revision}` : ''
            }`
          : `every service of '${environment.name}'`;

        if (ctx.isDryRun) {
          if (input.service) {
            const project = await client.getProject(
              projectRefOf(environment.projectRef),
            );
            if (!project.services.some(s => s.name === input.service)) {
              // An earlier step of the same template may import it.
              ctx.logger.warn(
                `Project '${project.ref}' has no service '${input.service}' yet; the deploy fails unless an earlier step adds it`,
              );
            }
          }
          ctx.logger.info(
            `Dry run: would deploy ${what} to '${environment.name}' (${
              environment.namespace
            } on ${environment.cluster})${
              environment.sleeping
                ? '; it is asleep, so Berth would refuse'
                : ''
            }`,
          );
          ctx.output('environmentId', environment.id);
          ctx.output('operationId', dryRunId('deploy'));
          ctx.output('environmentUrl', deps.links.environment(environment.id));
          ctx.output('dryRun', true);
          return;
        }

        const operation = await ctx.checkpoint({
          key: checkpointKey(
            'berth:environment:deploy',
            environment.id,
            input.service,
            input.revision,
            input.images ? JSON.stringify(input.images) : undefined,
          ),
          fn: async () => {
            const started = input.service
              ? // Berth merges these over the service's settings.
                await client.deployService(environment.id, input.service, {
                  ...(input.revision && { revision: input.revision }),
                  ...(input.images && { images: input.images }),
                })
              : await client.deployEnvironment(environment.id);
            return operationRef(started.operation, environment.id);
          },
        });
        ctx.logger.info(`Deploying ${what}: operation ${operation.id}`);
        ctx.output('environmentId', environment.id);
        ctx.output('environmentUrl', deps.links.environment(environment.id));
        ctx.output('dryRun', false);
        await outputOperation(ctx, client, operation, {
          wait: input.wait,
          deps,
        });
      },
    }),
  );
}
