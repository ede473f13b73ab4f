import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { berthClientFor } from '../berth/berthClientForTask';
import { withBerthErrors } from '../berth/berthErrors';
import { checkpointKey } from '../berth/checkpointKey';
import { findEnvironment } from '../berth/findEnvironment';
import {
  BerthActionDeps,
  DNS_LABEL,
  dryRunId,
  WAIT_DESCRIPTION,
} from './actionDeps';
import { operationRef, outputOperation } from './outputOperation';
import {
  environmentSelectorFields,
  serviceSettingsSchema,
  tierSchema,
} from './schemas';

/**
 * `berth:environment:copy`: a new environment from an existing one
 * (`POST /environments/:id/copy`): the source's values and settings, and
 * per service the revision and images that last deployed successfully.
 */
export function createBerthEnvironmentCopyAction(deps: BerthActionDeps) {
  return withBerthErrors(
    createTemplateAction({
      id: 'berth:environment:copy',
      description:
        'Copies a Berth environment (revisions, images, values) into a new one on the same or another cluster, as the template user',
      supportsDryRun: true,
      examples: [
        {
          description: "A copy of the shop's staging environment on local-west",
          example: [
            'steps:',
            '  - id: copy',
            '    action: berth:environment:copy',
            '    input:',
            '      system: system:default/shop',
            '      environment: staging',
            '      name: staging-west',
            '      cluster: local-west',
          ].join('\n'),
        },
      ],
      schema: {
        input: z =>
          z.object({
            ...environmentSelectorFields(z, 'source environment'),
            name: z
              .string()
              .max(63)
              .regex(DNS_LABEL)
              .describe("The copy's name"),
            cluster: z
              .string()
              .min(1)
              .optional()
              .describe("Default the source's cluster"),
            namespace: z
              .string()
              .max(63)
              .regex(DNS_LABEL)
              .optional()
              .describe('Default <project>-<name>'),
            tier: tierSchema(z)
              .optional()
              .describe("Default the source's tier"),
            values: z
              .string()
              .max(256 * 1024)
              .optional()
              .describe("Replaces the source's environment-wide values"),
            services: z
              .record(serviceSettingsSchema(z))
              .optional()
              .describe('Merged over the copied settings, field by field'),
            deploy: z
              .boolean()
              .optional()
              .describe('Deploy the copy right away (default true)'),
            wait: z.boolean().optional().describe(WAIT_DESCRIPTION),
          }),
        output: z =>
          z.object({
            environmentId: z.string(),
            sourceEnvironmentId: z.string(),
            name: z.string(),
            namespace: z.string(),
            cluster: z.string(),
            operationId: z.string().optional(),
            environmentUrl: z.string(),
            dryRun: z.boolean(),
          }),
      },
      async handler(ctx) {
        const { input } = ctx;
        const client = berthClientFor(
          deps,
          await ctx.getInitiatorCredentials(),
        );
        const source = await findEnvironment(
          client,
          input,
          'source environment',
        );
        const projectName = source.projectRef.split('/').pop()!;

        if (ctx.isDryRun) {
          const cluster = input.cluster ?? source.cluster;
          const namespace = input.namespace ?? `${projectName}-${input.name}`;
          const clusters = await client.listClusters();
          if (!clusters.some(c => c.name === cluster)) {
            throw new InputError(`Unknown cluster '${cluster}'`);
          }
          ctx.logger.info(
            `Dry run: would copy '${source.name}' (${source.tier}, ${
              Object.keys(source.services).length
            } services) to '${
              input.name
            }' in namespace '${namespace}' on '${cluster}'`,
          );
          ctx.output('environmentId', dryRunId(input.name));
          ctx.output('sourceEnvironmentId', source.id);
          ctx.output('name', input.name);
          ctx.output('namespace', namespace);
          ctx.output('cluster', cluster);
          ctx.output('environmentUrl', deps.links.environment(source.id));
          ctx.output('dryRun', true);
          return;
        }

        const copied = await ctx.checkpoint({
          key: checkpointKey(
            'berth:environment:copy',
            source.id,
            input.name,
            input.cluster,
          ),
          fn: async () => {
            const answer = await client.copyEnvironment(source.id, {
              name: input.name,
              cluster: input.cluster,
              namespace: input.namespace,
              tier: input.tier,
              values: input.values,
              services: input.services,
              deploy: input.deploy,
            });
            const { environment, operation } = answer;
            return {
              id: environment.id,
              name: environment.name,
              namespace: environment.namespace,
              cluster: environment.cluster,
              operation: operationRef(operation, environment.id),
            };
          },
        });

        ctx.output('environmentId', copied.id);
        ctx.output('sourceEnvironmentId', source.id);
        ctx.output('name', copied.name);
        ctx.output('namespace', copied.namespace);
        ctx.output('cluster', copied.cluster);
        ctx.output('environmentUrl', deps.links.environment(copied.id));
        ctx.output('dryRun', false);
        if (copied.operation) {
          await outputOperation(ctx, client, copied.operation, {
            wait: input.wait,
            deps,
          });
        }
      },
    }),
  );
}
