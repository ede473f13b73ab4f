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
import { environmentSelectorFields } from './schemas';

/**
 * `berth:sandbox:create`: a sandbox of a base environment
 * (`POST /environments/:id/sandboxes`): forks of some services in a
 * namespace of its own, reached with the sandbox's routing key.
 */
export function createBerthSandboxCreateAction(deps: BerthActionDeps) {
  return withBerthErrors(
    createTemplateAction({
      id: 'berth:sandbox:create',
      description:
        "Creates a sandbox of a Berth environment (forks of some of its services, reached with the sandbox's routing key), as the template's user",
      supportsDryRun: true,
      examples: [
        {
          description:
            'A sandbox of the shop environment qa with a forked cart',
          example: [
            'steps:',
            '  - id: sandbox',
            '    action: berth:sandbox:create',
            '    input:',
            '      system: system:default/shop',
            '      environment: qa',
            '      name: alice',
            '      forks:',
            '        - service: cart',
            '          images:',
            '            main: ghcr.io/acme/cart:pr-42',
            '      ttlHours: 8',
          ].join('\n'),
        },
      ],
      schema: {
        input: z =>
          z.object({
            ...environmentSelectorFields(z, 'base environment'),
            name: z
              .string()
              .max(63)
              .regex(DNS_LABEL)
              .describe("The sandbox's name, also its routing key"),
            forks: z
              .array(
                z
                  .object({
                    service: z.string().min(1),
                    revision: z.number().int().positive().optional(),
                    values: z
                      .string()
                      .max(256 * 1024)
                      .optional(),
                    images: z.record(z.string().min(1)).optional(),
                    set: z.record(z.string()).optional(),
                  })
                  .strict(),
              )
              .min(1)
              .describe('The services the sandbox runs its own copy of'),
            ttlHours: z
              .number()
              .positive()
              .optional()
              .describe("Hours to live (default: Berth's default TTL)"),
            wait: z.boolean().optional().describe(WAIT_DESCRIPTION),
          }),
        output: z =>
          z.object({
            sandboxId: z.string(),
            name: z.string(),
            namespace: z.string(),
            baseEnvironmentId: z.string(),
            routingHeader: z.string(),
            previewUrls: z.array(z.string()),
            operationId: z.string().optional(),
            sandboxUrl: z.string(),
            dryRun: z.boolean(),
          }),
      },
      async handler(ctx) {
        const { input } = ctx;
        const client = berthClientFor(
          deps,
          await ctx.getInitiatorCredentials(),
        );
        const base = await findEnvironment(client, input, 'base environment');
        const missing = input.forks
          .map(f => f.service)
          .filter(service => !(service in base.services));
        if (missing.length > 0) {
          throw new InputError(
            `Environment '${base.name}' has no service ${missing
              .map(s => `'${s}'`)
              .join(', ')}`,
          );
        }

        if (ctx.isDryRun) {
          const readiness = await client.getSandboxReadiness(base.id);
          if (!readiness.ready) {
            throw new InputError(
              `Environment '${
                base.name
              }' cannot take sandboxes: ${readiness.checks
                .filter(c => !c.ok)
                .map(c => `${c.name}${c.message ? ` (${c.message})` : ''}`)
                .join('; ')}`,
            );
          }
          if (input.ttlHours && input.ttlHours > readiness.ttl.maxHours) {
            throw new InputError(
              `ttlHours ${input.ttlHours} is more than Berth allows (${readiness.ttl.maxHours})`,
            );
          }
          ctx.logger.info(
            `Dry run: would create sandbox '${input.name}' of '${
              base.name
            }' forking ${input.forks.map(f => f.service).join(', ')} for ${
              input.ttlHours ?? readiness.ttl.defaultHours
            } h (routing driver ${readiness.routingDriver})`,
          );
          ctx.output('sandboxId', dryRunId(input.name));
          ctx.output('name', input.name);
          ctx.output('namespace', `${base.namespace}-${input.name}`);
          ctx.output('baseEnvironmentId', base.id);
          ctx.output('routingHeader', `x-env: ${input.name}`);
          ctx.output('previewUrls', []);
          ctx.output('sandboxUrl', deps.links.environment(base.id));
          ctx.output('dryRun', true);
          return;
        }

        const created = await ctx.checkpoint({
          key: checkpointKey('berth:sandbox:create', base.id, input.name),
          fn: async () => {
            const { sandbox, operation } = await client.createSandbox(base.id, {
              name: input.name,
              forks: input.forks,
              ttlHours: input.ttlHours,
            });
            return {
              id: sandbox.id,
              name: sandbox.name,
              namespace: sandbox.namespace,
              routingHeader: `${sandbox.routingKey.xEnv.header}: ${sandbox.routingKey.xEnv.value}`,
              operation: operationRef(
                operation,
                operation?.environmentId ?? base.id,
              ),
            };
          },
        });
        ctx.output('sandboxId', created.id);
        ctx.output('name', created.name);
        ctx.output('namespace', created.namespace);
        ctx.output('baseEnvironmentId', base.id);
        ctx.output('routingHeader', created.routingHeader);
        ctx.output('sandboxUrl', deps.links.sandbox(created.id));
        ctx.output('dryRun', false);
        if (created.operation) {
          await outputOperation(ctx, client, created.operation, {
            wait: input.wait,
            deps,
          });
        }
        // The preview URLs are known once the routes are written.
        const sandbox = await client.getSandbox(created.id);
        ctx.output('previewUrls', sandbox.previewUrls);
      },
    }),
  );
}
