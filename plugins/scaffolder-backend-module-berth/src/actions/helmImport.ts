import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { ChartImportSource } from '@berth/plugin-berth-common';
import { berthClientFor } from '../berth/berthClientForTask';
import { withBerthErrors } from '../berth/berthErrors';
import { checkpointKey } from '../berth/checkpointKey';
import { projectRefOf } from '../berth/projectRef';
import { BerthActionDeps, DNS_LABEL } from './actionDeps';
import { chartSourceSchema } from './chartSourceSchema';
import { systemSchema } from './schemas';

/**
 * `berth:helm:import`: a chart from a repository, an OCI registry, a Git
 * tree or a module's chart source becomes a service of a Berth project
 * (`POST /projects/:ns/:name/helm/import`, one item).
 */
export function createBerthHelmImportAction(deps: BerthActionDeps) {
  return withBerthErrors(
    createTemplateAction({
      id: 'berth:helm:import',
      description:
        'Imports a Helm chart as a service of a Berth project (a new service, or a new revision with force), as the template user',
      supportsDryRun: true,
      examples: [
        {
          description: "The demo repository's greeter chart as a shop service",
          example: [
            'steps:',
            '  - id: import',
            '    action: berth:helm:import',
            '    input:',
            '      system: system:default/shop',
            '      service: greeter',
            '      source:',
            '        type: repository',
            '        repository: demo',
            '        chart: greeter',
            "        version: '0.1.0'",
          ].join('\n'),
        },
      ],
      schema: {
        input: z =>
          z.object({
            system: systemSchema(z),
            source: chartSourceSchema(z),
            service: z
              .string()
              .max(63)
              .regex(DNS_LABEL)
              .optional()
              .describe("The service's name (default: the chart's name)"),
            componentRef: z
              .string()
              .min(1)
              .optional()
              .describe('Default component:default/<service>'),
            values: z
              .string()
              .max(256 * 1024)
              .optional()
              .describe("The service's default values (YAML)"),
            force: z
              .boolean()
              .optional()
              .describe(
                'A service that exists gets a new revision (default false)',
              ),
          }),
        output: z =>
          z.object({
            service: z.string(),
            revision: z.number(),
            status: z.enum(['created', 'updated']),
            chartName: z.string(),
            chartVersion: z.string(),
            serviceUrl: z.string(),
            dryRun: z.boolean(),
          }),
      },
      async handler(ctx) {
        const { input } = ctx;
        const project = projectRefOf(input.system);
        const client = berthClientFor(
          deps,
          await ctx.getInitiatorCredentials(),
        );
        const source = input.source as ChartImportSource;

        if (ctx.isDryRun) {
          // Reads the chart as an import would (needs berth.project.update),
          // stores nothing.
          const chart = await client.inspectChart(project, source);
          const service = input.service ?? chart.metadata.name;
          const existing = await client.getProject(project);
          const current = existing.services.find(s => s.name === service);
          const exists = current !== undefined;
          if (exists && !input.force) {
            throw new InputError(
              `Project '${existing.ref}' already has a service '${service}' (set force for a new revision)`,
            );
          }
          ctx.logger.info(
            `Dry run: would ${
              exists ? 'add a revision to' : 'create'
            } service '${service}' from chart ${chart.metadata.name} ${
              chart.metadata.version
            }`,
          );
          ctx.output('service', service);
          // The revision the import would make (Berth numbers them 1, 2, ...).
          ctx.output('revision', (current?.latestRevision ?? 0) + 1);
          ctx.output('status', exists ? 'updated' : 'created');
          ctx.output('chartName', chart.metadata.name);
          ctx.output('chartVersion', chart.metadata.version);
          ctx.output('serviceUrl', deps.links.service(project, service));
          ctx.output('dryRun', true);
          return;
        }

        const imported = await ctx.checkpoint({
          key: checkpointKey(
            'berth:helm:import',
            project.ref,
            input.service,
            JSON.stringify(source),
          ),
          fn: async () => {
            // A request of one item that fails throws Berth's error.
            const result = await client.importCharts(project, {
              items: [
                {
                  source,
                  service: input.service,
                  componentRef: input.componentRef,
                  values: input.values,
                },
              ],
              force: input.force,
            });
            const item = result.items[0];
            if (!item || item.status === 'failed' || !item.service) {
              throw new InputError(
                `The import failed: ${item?.error?.message ?? 'no result'}`,
              );
            }
            return {
              service: item.service,
              revision: item.revision ?? 1,
              status: item.status,
              chartName: item.chart?.name ?? item.service,
              chartVersion: item.chart?.version ?? '',
            };
          },
        });
        ctx.logger.info(
          `Service '${imported.service}' ${imported.status}: revision ${imported.revision} from chart ${imported.chartName} ${imported.chartVersion}`,
        );
        ctx.output('service', imported.service);
        ctx.output('revision', imported.revision);
        ctx.output('status', imported.status);
        ctx.output('chartName', imported.chartName);
        ctx.output('chartVersion', imported.chartVersion);
        ctx.output('serviceUrl', deps.links.service(project, imported.service));
        ctx.output('dryRun', false);
      },
    }),
  );
}
