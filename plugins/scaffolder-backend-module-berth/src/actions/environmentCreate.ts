import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { BerthEnvironment } from '@berth/plugin-berth-common';
import { berthClientFor } from '../berth/berthClientForTask';
import { withBerthErrors } from '../berth/berthErrors';
import { checkpointKey } from '../berth/checkpointKey';
import { projectRefOf } from '../berth/projectRef';
import { planEnvironment } from './planEnvironment';
import {
  BerthActionDeps,
  DNS_LABEL,
  dryRunId,
  WAIT_DESCRIPTION,
} from './actionDeps';
import { operationRef, outputOperation } from './outputOperation';
import { serviceSettingsSchema, systemSchema, tierSchema } from './schemas';

/**
 * `berth:environment:create`: a new environment of a Berth project
 * (`POST /projects/:ns/:name/environments`), deployed and followed to
 * Running unless `deploy` or `wait` say otherwise.
 */
export function createBerthEnvironmentCreateAction(deps: BerthActionDeps) {
  return withBerthErrors(
    createTemplateAction({
      id: 'berth:environment:create',
      description:
        "Creates an environment of a Berth project (a namespace on a cluster) and deploys its services in start order, as the template's user",
      supportsDryRun: true,
      examples: [
        {
          description: 'A development environment of the shop, deployed',
          example: [
            'steps:',
            '  - id: environment',
            '    action: berth:environment:create',
            '    input:',
            '      system: system:default/shop',
            '      name: ${{ parameters.name }}',
            '      cluster: local-east',
            '      tier: development',
          ].join('\n'),
        },
      ],
      schema: {
        input: z =>
          z.object({
            system: systemSchema(z),
            name: z
              .string()
              .max(63)
              .regex(DNS_LABEL)
              .describe("The environment's name (a DNS-1123 label)"),
            cluster: z.string().min(1).describe('The cluster it runs on'),
            tier: tierSchema(z).optional().describe('Default development'),
            namespace: z
              .string()
              .max(63)
              .regex(DNS_LABEL)
              .optional()
              .describe('Default <project>-<name>'),
            values: z
              .string()
              .max(256 * 1024)
              .optional()
              .describe('Environment-wide Helm values (YAML)'),
            services: z
              .record(serviceSettingsSchema(z))
              .optional()
              .describe('Per-service settings (revision, values, images, set)'),
            deploy: z
              .boolean()
              .optional()
              .describe('Deploy every service right away (default true)'),
            wait: z.boolean().optional().describe(WAIT_DESCRIPTION),
          }),
        output: z =>
          z.object({
            environmentId: z.string(),
            name: z.string(),
            namespace: z.string(),
            cluster: z.string(),
            tier: z.string(),
            operationId: z.string().optional(),
            environmentUrl: z.string(),
            dryRun: z.boolean(),
          }),
      },
      async handler(ctx) {
        const { input } = ctx;
        const project = projectRefOf(input.system);
        const tier = input.tier ?? 'development';
        const client = berthClientFor(
          deps,
          await ctx.getInitiatorCredentials(),
        );

        if (ctx.isDryRun) {
          const plan = await planEnvironment(client, project, {
            name: input.name,
            cluster: input.cluster,
            namespace: input.namespace,
            services: input.services,
          });
          ctx.logger.info(
            `Dry run: would create environment '${input.name}' (${tier}) of ${
              project.ref
            } in namespace '${plan.namespace}' on cluster '${
              input.cluster
            }' with ${plan.services.join(', ') || 'no services'}${
              input.deploy === false ? ', not deployed' : ', then deploy it'
            }`,
          );
          ctx.output('environmentId', dryRunId(input.name));
          ctx.output('name', input.name);
          ctx.output('namespace', plan.namespace);
          ctx.output('cluster', input.cluster);
          ctx.output('tier', tier);
          ctx.output('environmentUrl', deps.links.root());
          ctx.output('dryRun', true);
          return;
        }

        const created = await ctx.checkpoint({
          key: checkpointKey(
            'berth:environment:create',
            project.ref,
            input.name,
            input.cluster,
          ),
          fn: async () => {
            const answer = await client.createEnvironments(project, [
              {
                name: input.name,
                cluster: input.cluster,
                tier,
                namespace: input.namespace,
                values: input.values,
                services: input.services,
                deploy: input.deploy,
              },
            ]);
            const environment = answer.items[0];
            const operation = answer.operations.find(
              o => o.environmentId === environment?.id,
            );
            if (!environment) {
              throw new InputError(`Berth created no environment`);
            }
            return {
              environment: summaryOf(environment),
              operation: operationRef(operation, environment.id),
            };
          },
        });

        const { environment, operation } = created;
        ctx.logger.info(
          `Environment '${environment.name}' of ${project.ref}: namespace '${environment.namespace}' on '${environment.cluster}' (${environment.id})`,
        );
        ctx.output('environmentId', environment.id);
        ctx.output('name', environment.name);
        ctx.output('namespace', environment.namespace);
        ctx.output('cluster', environment.cluster);
        ctx.output('tier', environment.tier);
        ctx.output('environmentUrl', deps.links.environment(environment.id));
        ctx.output('dryRun', false);
        if (operation) {
          await outputOperation(ctx, client, operation, {
            wait: input.wait,
            deps,
          });
        }
      },
    }),
  );
}

function summaryOf(e: BerthEnvironment) {
  return {
    id: e.id,
    name: e.name,
    namespace: e.namespace,
    cluster: e.cluster,
    tier: e.tier,
  };
}
