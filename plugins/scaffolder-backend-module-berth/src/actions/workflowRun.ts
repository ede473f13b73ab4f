import { InputError, NotFoundError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { BerthWorkflow, WorkflowsApi } from '@berth/plugin-berth-common';
import { berthClientFor } from '../berth/berthClientForTask';
import { withBerthErrors } from '../berth/berthErrors';
import { checkpointKey } from '../berth/checkpointKey';
import { followWorkflowRun } from '../berth/followWorkflowRun';
import { projectRefOf } from '../berth/projectRef';
import { BerthActionDeps, DEFAULT_POLL_MS, dryRunId } from './actionDeps';
import { systemSchema } from './schemas';

/**
 * `berth:workflow:run`: starts a run of a Berth workflow as the template's
 * user (`POST /workflows/:id/runs`, which needs deploy permission on the
 * environments it deploys to) and follows it to its end.
 */
export function createBerthWorkflowRunAction(deps: BerthActionDeps) {
  return withBerthErrors(
    createTemplateAction({
      id: 'berth:workflow:run',
      description:
        "Starts a run of a Berth workflow with params and follows it to its end, as the template's user",
      supportsDryRun: true,
      examples: [
        {
          description: "Run the shop's release workflow for the qa environment",
          example: [
            'steps:',
            '  - id: release',
            '    action: berth:workflow:run',
            '    input:',
            '      system: system:default/shop',
            '      workflow: release',
            '      params:',
            '        environment: qa',
          ].join('\n'),
        },
      ],
      schema: {
        input: z =>
          z.object({
            workflowId: z
              .string()
              .uuid()
              .optional()
              .describe("The workflow's id (or give system and workflow)"),
            system: systemSchema(z).optional(),
            workflow: z
              .string()
              .min(1)
              .optional()
              .describe("The workflow's name in the project"),
            params: z
              .record(
                z.union([
                  z.string(),
                  z.number(),
                  z.boolean(),
                  z.array(z.string()),
                ]),
              )
              .optional()
              .describe("The run's params"),
            wait: z
              .boolean()
              .optional()
              .describe(
                'Follow the run to its end (through approvals and manual stages) and fail the step when it fails (default true)',
              ),
          }),
        output: z =>
          z.object({
            workflowId: z.string(),
            runId: z.string(),
            sequence: z.number(),
            status: z.string(),
            runUrl: z.string(),
            dryRun: z.boolean(),
          }),
      },
      async handler(ctx) {
        const { input } = ctx;
        const client = berthClientFor(
          deps,
          await ctx.getInitiatorCredentials(),
        );
        const workflow = await findWorkflow(client, input);
        const params = input.params ?? {};

        if (ctx.isDryRun) {
          const declared = workflow.definition.params ?? [];
          const missing = declared
            .filter(p => p.required && p.default === undefined)
            .filter(p => params[p.name] === undefined)
            .map(p => p.name);
          if (missing.length > 0) {
            throw new InputError(
              `Workflow '${workflow.name}' needs params ${missing.join(', ')}`,
            );
          }
          const unknown = Object.keys(params).filter(
            name => !declared.some(p => p.name === name),
          );
          if (unknown.length > 0) {
            throw new InputError(
              `Workflow '${workflow.name}' has no params ${unknown.join(', ')}`,
            );
          }
          ctx.logger.info(
            `Dry run: would run workflow '${workflow.name}' (revision ${
              workflow.revision
            }, ${
              workflow.definition.stages.length
            } stages) with ${JSON.stringify(params)}`,
          );
          ctx.output('workflowId', workflow.id);
          ctx.output('runId', dryRunId('run'));
          ctx.output('sequence', 0);
          ctx.output('status', 'dry-run');
          ctx.output('runUrl', deps.links.root());
          ctx.output('dryRun', true);
          return;
        }

        const run = await ctx.checkpoint({
          key: checkpointKey(
            'berth:workflow:run',
            workflow.id,
            JSON.stringify(params),
          ),
          fn: async () => {
            const started = await client.startWorkflowRun(workflow.id, {
              params,
            });
            return { id: started.id, sequence: started.sequence };
          },
        });
        ctx.logger.info(`Started run #${run.sequence} of '${workflow.name}'`);
        ctx.output('workflowId', workflow.id);
        ctx.output('runId', run.id);
        ctx.output('sequence', run.sequence);
        ctx.output('runUrl', deps.links.workflowRun(run.id));
        ctx.output('dryRun', false);
        if (input.wait ?? true) {
          const ended = await followWorkflowRun(client, run.id, {
            logger: ctx.logger,
            signal: ctx.signal,
            pollMs: deps.pollMs ?? DEFAULT_POLL_MS,
          });
          ctx.output('status', ended.status);
        } else {
          ctx.output('status', (await client.getWorkflowRun(run.id)).status);
        }
      },
    }),
  );
}

async function findWorkflow(
  client: Pick<WorkflowsApi, 'getWorkflow' | 'listWorkflows'>,
  input: { workflowId?: string; system?: string; workflow?: string },
): Promise<BerthWorkflow> {
  if (input.workflowId) {
    if (input.system || input.workflow) {
      throw new InputError(
        'Name the workflow by its id or by system and name, not both',
      );
    }
    return client.getWorkflow(input.workflowId);
  }
  if (!input.system || !input.workflow) {
    throw new InputError(
      "Name the workflow: give its id, or the system and the workflow's name",
    );
  }
  const project = projectRefOf(input.system);
  const found = (await client.listWorkflows(project)).find(
    w => w.name === input.workflow,
  );
  if (!found) {
    throw new NotFoundError(
      `Project '${project.ref}' has no workflow named '${input.workflow}' that you may read`,
    );
  }
  return found;
}
