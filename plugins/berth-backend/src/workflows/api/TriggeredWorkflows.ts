import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  BerthWorkflow,
  berthWorkflowRunPermission,
  WorkflowDefinition,
} from '@berth/plugin-berth-common';
import {
  assertMayDeployTo,
  deployEnvironmentIds,
  EnvironmentDeployCheck,
  ProjectEnvironments,
} from './deployPermission';
import { TRIGGER_WORKFLOW_MAX_DEPTH } from '../jobTypes/triggerWorkflowJobType';
import { KnownParams, UNRESOLVED } from './deployTargets';
import { ANY_WORKFLOW, TriggerEdge, triggerEdgesOf } from './triggerEdges';
import { WorkflowAuthorizer } from './WorkflowAuthorizer';
import { ProjectOwners, workflowResource } from './workflowResource';
import { WorkflowService } from './WorkflowServiceContract';
import { TriggerRevisions } from '../store';

export interface TriggeredWorkflowsDeps {
  service: Pick<WorkflowService, 'getWorkflowByName' | 'listWorkflows'>;
  authorizer: WorkflowAuthorizer;
  projects: ProjectOwners;
  environments: ProjectEnvironments;
  authorizedEnvironments: EnvironmentDeployCheck;
  /** The `trigger-workflow` job's longest chain of runs started by runs. Default TRIGGER_WORKFLOW_MAX_DEPTH. */
  maxDepth?: number;
}

/** A workflow reached through `trigger-workflow` jobs. */
interface Reached {
  workflow: BerthWorkflow;
  /** The params it is started with (run checks only). */
  params: KnownParams;
  /** Workflow names from the root to it. */
  path: string[];
  /** The job that starts it, and its workflow. */
  by: { job: string; workflow: string };
}

/** The workflow a check starts from: saved (maybe not stored yet) or run. */
interface Root {
  /** Undefined for a workflow being created. */
  id?: string;
  projectRef: string;
  name: string;
  definition: WorkflowDefinition;
}

/**
 * The `trigger-workflow` part of the workflow permissions: a run of a
 * workflow starts the workflows its `trigger-workflow` jobs name as its
 * creator, through the engine, with no check of its own. So whoever saves
 * or starts a workflow must be allowed what a direct run of each workflow
 * it may trigger, transitively, would need.
 */
export class TriggeredWorkflows {
  constructor(private readonly deps: TriggeredWorkflowsDeps) {}

  /**
   * Before a definition is saved: every workflow a literal `workflow`
   * names exists (InputError otherwise), is not the saved one and does not
   * lead back to it through literal triggers (a cycle, InputError); and the
   * saver may run every workflow it may trigger, transitively (NotAllowedError,
   * audited). Git and cron runs act as the saver, so this is what
   * authorizes the runs they trigger.
   */
  async assertMaySave(
    credentials: BackstageCredentials,
    root: Root,
  ): Promise<void> {
    const edges = triggerEdgesOf(root.definition);
    await this.assertLiteralTargets(root, edges);
    await this.walk(root, undefined, async reached => {
      await this.assertMayRun(credentials, root, reached, 'would trigger');
    });
  }

  /**
   * Before a run is created (started, retried or rerun): the caller may run
   * every workflow it may trigger, transitively, and deploy to every
   * environment those runs may deploy to, with the params each is started
   * with. A param known only when the run gets there (an upstream job's
   * output) stands for each of its options, or every environment of the
   * project; a `workflow` known only then, for every workflow of the project.
   * Returns the revision of each workflow it checked: what the run's
   * `trigger-workflow` jobs may start (they start that revision, and no
   * workflow that is not in it).
   */
  async assertMayStart(
    credentials: BackstageCredentials,
    root: Root,
    params: KnownParams,
  ): Promise<TriggerRevisions> {
    const environments = await this.deps.environments.list({
      projectRef: root.projectRef,
    });
    const checked = new Set<string>();
    const revisions: TriggerRevisions = {};
    await this.walk(root, params, async reached => {
      revisions[reached.workflow.id] = reached.workflow.revision;
      await this.assertMayRun(credentials, root, reached, 'triggers');
      const ids = deployEnvironmentIds(
        reached.workflow.definition,
        environments,
        reached.params,
      ).filter(id => !checked.has(id));
      try {
        await assertMayDeployTo(
          this.deps.authorizedEnvironments,
          credentials,
          ids,
        );
      } catch (error) {
        if ((error as Error).name !== NotAllowedError.name) throw error;
        throw new NotAllowedError(
          `${(error as Error).message} (workflow '${
            reached.workflow.name
          }' deploys there, which '${root.name}' triggers: ${describe(
            reached,
          )})`,
        );
      }
      ids.forEach(id => checked.add(id));
    });
    return revisions;
  }

  private async assertMayRun(
    credentials: BackstageCredentials,
    root: Root,
    reached: Reached,
    verb: string,
  ) {
    const resource = await workflowResource(
      this.deps.projects,
      reached.workflow,
    );
    const permission = berthWorkflowRunPermission;
    if (await this.deps.authorizer.allows(credentials, permission, resource)) {
      return;
    }
    await this.deps.authorizer.refuse(
      credentials,
      permission,
      new NotAllowedError(
        `Not allowed to run workflow '${reached.workflow.name}' of '${
          root.projectRef
        }', which '${root.name}' ${verb} (${describe(
          reached,
        )}): a workflow may trigger only workflows its saver and the creator of its run may run`,
      ),
      {
        workflow: reached.workflow.id,
        projectRef: root.projectRef,
        triggeredBy: root.name,
        via: reached.path.join(' -> '),
      },
    );
  }

  /** Each workflow reachable from `root`, once per params it is started with. */
  private async walk(
    root: Root,
    params: KnownParams | undefined,
    visit: (reached: Reached) => Promise<void>,
  ) {
    const maxDepth = this.deps.maxDepth ?? TRIGGER_WORKFLOW_MAX_DEPTH;
    const seen = new Set<string>();
    let all: BerthWorkflow[] | undefined;
    const project = async () =>
      (all ??= await this.deps.service.listWorkflows({
        projectRef: root.projectRef,
      }));
    const queue: Array<{
      name: string;
      id?: string;
      definition: WorkflowDefinition;
      params: KnownParams | undefined;
      path: string[];
    }> = [{ ...root, params, path: [root.name] }];
    while (queue.length) {
      const from = queue.shift()!;
      if (from.path.length > maxDepth) continue;
      for (const edge of triggerEdgesOf(from.definition, from.params)) {
        // The job refuses to start its own workflow.
        const targets = (await this.targetsOf(edge, project)).filter(
          w => w.id !== from.id && w.name !== from.name,
        );
        for (const workflow of targets) {
          // At save time the saved definition replaces the stored one.
          if (!params && workflow.name === root.name) continue;
          const childParams = params ? edge.params : undefined;
          const key = `${workflow.id} ${paramsKey(childParams)}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const reached: Reached = {
            workflow,
            params: childParams ?? {},
            path: [...from.path, workflow.name],
            by: { job: edge.job, workflow: from.name },
          };
          await visit(reached);
          queue.push({
            name: workflow.name,
            id: workflow.id,
            definition: workflow.definition,
            params: childParams,
            path: reached.path,
          });
        }
      }
    }
  }

  /** The stored workflows an edge may start (unknown names skipped: the job fails on them). */
  private async targetsOf(
    edge: TriggerEdge,
    project: () => Promise<BerthWorkflow[]>,
  ): Promise<BerthWorkflow[]> {
    const workflows = await project();
    if (edge.names === ANY_WORKFLOW) return workflows;
    const names = edge.names;
    return workflows.filter(w => names.includes(w.name));
  }

  /** Literal targets exist, are not the saved workflow and lead not back to it. */
  private async assertLiteralTargets(root: Root, edges: TriggerEdge[]) {
    for (const edge of edges) {
      if (!edge.literal || edge.names === ANY_WORKFLOW) continue;
      const at = `definition.stages.${edge.stageIndex}.jobs.${edge.jobIndex}.spec.workflow`;
      for (const name of edge.names) {
        if (name === root.name) {
          throw new InputError(
            `${at}: job '${edge.job}' triggers its own workflow '${name}'`,
          );
        }
        const target = await this.deps.service
          .getWorkflowByName(root.projectRef, name)
          .catch(error => {
            if ((error as Error).name !== NotFoundError.name) throw error;
            throw new InputError(
              `${at}: job '${edge.job}' triggers workflow '${name}', which project ${root.projectRef} does not have`,
            );
          });
        const cycle = await this.literalPathBack(root, target, [
          root.name,
          name,
        ]);
        if (cycle) {
          throw new InputError(
            `${at}: job '${
              edge.job
            }' makes a cycle of workflow triggers: ${cycle.join(' -> ')}`,
          );
        }
      }
    }
  }

  /** A chain of literal triggers from `from` back to the root, if any. */
  private async literalPathBack(
    root: Root,
    from: BerthWorkflow,
    path: string[],
    visited = new Set<string>(),
  ): Promise<string[] | undefined> {
    if (visited.has(from.id)) return undefined;
    visited.add(from.id);
    for (const edge of triggerEdgesOf(from.definition)) {
      if (!edge.literal || edge.names === ANY_WORKFLOW) continue;
      for (const name of edge.names) {
        if (name === root.name) return [...path, name];
        const next = await this.deps.service
          .getWorkflowByName(root.projectRef, name)
          .catch(() => undefined);
        if (!next) continue;
        const found = await this.literalPathBack(
          root,
          next,
          [...path, name],
          visited,
        );
        if (found) return found;
      }
    }
    return undefined;
  }
}

function describe(reached: Reached): string {
  return `${reached.path.join(' -> ')}; job '${reached.by.job}' of '${
    reached.by.workflow
  }'`;
}

function paramsKey(params: KnownParams | undefined): string {
  if (!params) return '';
  return JSON.stringify(
    Object.keys(params)
      .sort()
      .map(k => [
        k,
        params[k] === UNRESOLVED ? { unresolved: true } : params[k],
      ]),
  );
}
