import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import {
  BerthWorkflow,
  isTerminalWorkflowRunStatus,
  WorkflowParamValue,
  WorkflowRun,
  WorkflowRunSummary,
  WorkflowRunTrigger,
} from '@berth/plugin-berth-common';
import { BerthJobContext, BerthJobType } from '@berth/plugin-berth-node';
import { z } from 'zod';
import { abortDeletesJob } from '../kubernetesJobs/abortDeletesJob';
import { pause, WaitAbortedError } from './waitForOperation';
import { TriggerRevisions } from '../store';

/** The part of the WorkflowService the `trigger-workflow` job uses. */
export interface WorkflowRuns {
  getWorkflowByName(projectRef: string, name: string): Promise<BerthWorkflow>;
  startRun(
    workflowId: string,
    params: Record<string, WorkflowParamValue>,
    trigger: WorkflowRunTrigger,
    options?: { revision?: number; triggerRevisions?: TriggerRevisions },
  ): Promise<WorkflowRunSummary>;
  /** What a run's `trigger-workflow` jobs may start (undefined: the newest revisions). */
  triggerRevisionsOf(runId: string): Promise<TriggerRevisions | undefined>;
  getRun(runId: string): Promise<WorkflowRun | WorkflowRunSummary>;
  cancelRun(runId: string, actor: string): Promise<WorkflowRunSummary>;
  /** Used on resume to find a run started before its checkpoint was saved. */
  listRuns(query: {
    workflowId?: string;
    limit?: number;
  }): Promise<WorkflowRunSummary[]>;
}

/** The default longest chain of runs started by runs (the permission check walks as deep). */
export const TRIGGER_WORKFLOW_MAX_DEPTH = 5;

export interface TriggerWorkflowJobDeps {
  workflows: WorkflowRuns;
  /** How often the started run is read while waiting. Default 1000. */
  pollIntervalMs?: number;
  /** The longest chain of runs started by runs. Default TRIGGER_WORKFLOW_MAX_DEPTH. */
  maxDepth?: number;
}

const paramValue = z.union([
  z.string().max(4096),
  z.number(),
  z.boolean(),
  z.array(z.string().max(4096)).max(100),
]);

export const triggerWorkflowJobInput = z
  .object({
    /** A workflow of the same project, by name. */
    workflow: z.string().trim().min(1).max(63),
    params: z.record(z.string().min(1).max(63), paramValue).optional(),
    /** Wait until the run ends (default); its failure fails the job. */
    wait: z.boolean().default(true),
  })
  .strict();

export type TriggerWorkflowJobInput = z.infer<typeof triggerWorkflowJobInput>;

export const triggerWorkflowJobOutput = z.object({
  runId: z.string(),
  status: z.string(),
});

interface TriggerCheckpoint {
  runId: string;
}

/** The trigger name a run started by this job attempt carries. */
const triggerName = (run: BerthJobContext['run']) =>
  `${run.job} (attempt ${run.attempt})`;

/**
 * The `trigger-workflow` job: starts another workflow of the same project
 * with the given params (their `${...}` resolved by the engine before), the
 * child's trigger naming this run; waits for it unless `wait: false`. The
 * child's id is the checkpoint; cancel and timeout cancel the child.
 *
 * The child is started through the unauthorized WorkflowService, as the
 * run's creator, with no permission check here (a job has the creator's
 * ref, not their credentials). What it may start is checked before: when a
 * definition is saved (the saver may run every workflow it may trigger)
 * and when a run is created (the caller may run those and deploy to their
 * environments); see api/TriggeredWorkflows.ts. The run keeps the revisions
 * that check saw (`triggerRevisionsOf`): the child runs that revision, not
 * one saved since, and passes them on to its own `trigger-workflow` jobs; a
 * workflow the check did not see (created since) is refused. Runs without
 * them (git and cron runs, checked when their workflow was saved) start the
 * newest revision.
 */
export function createTriggerWorkflowJobType(
  deps: TriggerWorkflowJobDeps,
): BerthJobType<TriggerWorkflowJobInput> {
  return {
    name: 'Trigger a workflow',
    description:
      'Starts another workflow of the same project with mapped params, and waits for it',
    inputSchema: triggerWorkflowJobInput,
    outputSchema: triggerWorkflowJobOutput,
    run: async context => {
      const saved = context.checkpoint.saved as TriggerCheckpoint | undefined;
      let runId =
        typeof saved?.runId === 'string'
          ? saved.runId
          : await startedBefore(deps, context);
      let status: string;
      if (runId) {
        context.logger.info(`Resuming: following run ${runId} started before`);
        status = (await deps.workflows.getRun(runId)).status;
      } else {
        const started = await start(deps, context);
        runId = started.id;
        status = started.status;
        await context.checkpoint.save({ runId });
      }
      context.output('runId', runId);
      context.output('status', status);
      if (!context.params.wait) return;
      const ended = await follow(deps, context, runId);
      context.output('status', ended.status);
      if (ended.status !== 'succeeded') {
        throw new Error(
          `Run #${ended.sequence} of workflow '${ended.workflowName}' ${
            ended.status
          }${ended.message ? `: ${ended.message}` : ''}`,
        );
      }
    },
  };
}

async function startedBefore(
  deps: TriggerWorkflowJobDeps,
  context: BerthJobContext<TriggerWorkflowJobInput>,
): Promise<string | undefined> {
  if (!context.resumed) return undefined;
  const workflow = await deps.workflows
    .getWorkflowByName(context.run.projectRef, context.params.workflow)
    .catch(() => undefined);
  if (!workflow) return undefined;
  const runs = await deps.workflows.listRuns({
    workflowId: workflow.id,
    limit: 50,
  });
  const mine = runs.find(
    r =>
      r.trigger.type === 'workflow' &&
      r.trigger.runId === context.run.runId &&
      r.trigger.name === triggerName(context.run),
  );
  if (mine) await context.checkpoint.save({ runId: mine.id });
  return mine?.id;
}

async function start(
  deps: TriggerWorkflowJobDeps,
  context: BerthJobContext<TriggerWorkflowJobInput>,
): Promise<WorkflowRunSummary> {
  const { params, run, logger } = context;
  const workflow = await deps.workflows.getWorkflowByName(
    run.projectRef,
    params.workflow,
  );
  if (workflow.id === run.workflowId) {
    throw new InputError(
      `A workflow may not trigger itself ('${params.workflow}')`,
    );
  }
  await assertDepth(
    deps,
    run.runId,
    deps.maxDepth ?? TRIGGER_WORKFLOW_MAX_DEPTH,
  );
  const triggerRevisions = await deps.workflows.triggerRevisionsOf(run.runId);
  const revision = triggerRevisions?.[workflow.id];
  if (triggerRevisions && revision === undefined) {
    throw new NotAllowedError(
      `Workflow '${workflow.name}' was not checked when this run was created (it was created or renamed since); rerun to check it`,
    );
  }
  const started = await deps.workflows.startRun(
    workflow.id,
    params.params ?? {},
    {
      type: 'workflow',
      actor: run.createdBy,
      runId: run.runId,
      name: triggerName(run),
    },
    { revision, triggerRevisions },
  );
  logger.info(
    `Started run #${started.sequence} of workflow '${workflow.name}' (${
      started.id
    })${
      revision !== undefined && revision !== workflow.revision
        ? `, revision ${revision} as checked when this run was created (the newest is ${workflow.revision})`
        : ''
    }`,
  );
  return started;
}

/** Refuses to start a run when this run is already `max` runs deep in a chain of triggered runs. */
async function assertDepth(
  deps: TriggerWorkflowJobDeps,
  runId: string,
  max: number,
) {
  let current: string | undefined = runId;
  for (let depth = 1; current; depth++) {
    if (depth > max) {
      throw new InputError(
        `Runs started by runs are nested more than ${max} deep; not starting another`,
      );
    }
    const parent: WorkflowRunSummary = await deps.workflows.getRun(current);
    current =
      parent.trigger.type === 'workflow' ? parent.trigger.runId : undefined;
  }
}

async function follow(
  deps: TriggerWorkflowJobDeps,
  context: BerthJobContext<TriggerWorkflowJobInput>,
  runId: string,
): Promise<WorkflowRunSummary> {
  let last: string | undefined;
  try {
    for (;;) {
      const child = await deps.workflows.getRun(runId);
      if (child.status !== last) {
        context.logger.info(
          `Run #${child.sequence} of '${child.workflowName}': ${child.status}${
            child.message ? ` (${child.message})` : ''
          }`,
        );
        if (child.status === 'waiting') {
          await context.setWaiting(
            `Run #${child.sequence} of '${child.workflowName}' is waiting${
              child.message ? `: ${child.message}` : ''
            }`,
          );
        } else if (last === 'waiting') {
          await context.setWaiting(undefined);
        }
        last = child.status;
      }
      if (isTerminalWorkflowRunStatus(child.status)) return child;
      await pause(deps.pollIntervalMs ?? 1000, context.signal);
    }
  } catch (error) {
    if (error instanceof WaitAbortedError && abortDeletesJob(error.reason)) {
      await deps.workflows.cancelRun(runId, context.run.createdBy).then(
        () => context.logger.warn(`Cancelled run ${runId}`),
        cancelError => {
          if (!(cancelError instanceof ConflictError)) {
            context.logger.warn(
              `Could not cancel run ${runId}: ${cancelError}`,
            );
          }
        },
      );
    }
    throw error;
  }
}
