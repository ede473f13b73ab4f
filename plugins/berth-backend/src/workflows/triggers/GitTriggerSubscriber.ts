import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { EventParams, EventsService } from '@backstage/plugin-events-node';
import { WorkflowGitTrigger } from '@berth/plugin-berth-common';
import { GitEvent, parseGitEvent } from './gitEvents';
import { matchGitTrigger } from './matchGitTrigger';
import { TriggerDeliveryStore } from './TriggerDeliveryStore';
import {
  WorkflowTriggerTarget,
  WorkflowWithTriggers,
} from './WorkflowTriggerTarget';

/**
 * Topics Berth reads: the events backend's GitHub and GitLab modules route
 * each webhook from the plain `github` / `gitlab` topic to a sub-topic,
 * `github.<x-github-event header>` and `gitlab.<object_kind>`.
 */
export const GIT_TRIGGER_TOPICS = [
  'github.push',
  'github.pull_request',
  'gitlab.push',
  'gitlab.tag_push',
  'gitlab.merge_request',
];

/** Subscriber id: replicas sharing it share the deliveries (event bus). */
export const GIT_TRIGGER_SUBSCRIBER_ID = 'berth-workflow-git-triggers';

/** What one (workflow, trigger) made of a delivery. */
export interface HandledTrigger {
  workflowId: string;
  trigger: string;
  outcome: 'matched' | 'ignored' | 'duplicate' | 'failed';
  reason: string;
  runId?: string;
}

/**
 * Git triggers: for each push or pull/merge request delivered by the events
 * backend, every workflow git trigger of that provider is matched, the
 * outcome recorded, and a run started for each match, once per delivery id.
 */
export class GitTriggerSubscriber {
  constructor(
    private readonly deps: {
      target: WorkflowTriggerTarget;
      deliveries: TriggerDeliveryStore;
      logger: LoggerService;
    },
  ) {}

  async subscribe(events: EventsService): Promise<void> {
    await events.subscribe({
      id: GIT_TRIGGER_SUBSCRIBER_ID,
      topics: GIT_TRIGGER_TOPICS,
      onEvent: async params => {
        try {
          await this.handle(params);
        } catch (error) {
          this.deps.logger.error(
            `Workflow git triggers could not handle a ${
              params.topic
            } delivery: ${stringifyError(error)}`,
          );
        }
      },
    });
  }

  /** Handles one delivery; what each trigger of the provider made of it. */
  async handle(params: EventParams): Promise<HandledTrigger[]> {
    const event = parseGitEvent(
      params.topic,
      params.eventPayload,
      params.metadata,
    );
    if (!event) return [];
    const handled: HandledTrigger[] = [];
    for (const workflow of await this.deps.target.listTriggers()) {
      for (const trigger of workflow.triggers) {
        if (trigger.type !== 'git' || trigger.provider !== event.provider) {
          continue;
        }
        handled.push(await this.handleTrigger(event, workflow, trigger));
      }
    }
    return handled;
  }

  private async handleTrigger(
    event: GitEvent,
    workflow: WorkflowWithTriggers,
    trigger: WorkflowGitTrigger,
  ): Promise<HandledTrigger> {
    const match = matchGitTrigger(event, trigger);
    const base = {
      workflowId: workflow.workflowId,
      trigger: trigger.name,
      source: event.provider,
      deliveryId: event.deliveryId,
      event: event.name,
    };
    const rowId = await this.deps.deliveries.claim({
      ...base,
      outcome: match.outcome,
      reason: match.reason,
    });
    if (!rowId) {
      const reason = `delivery ${event.deliveryId} was received before (a retry): nothing started`;
      await this.deps.deliveries.record({
        ...base,
        outcome: 'duplicate',
        reason,
      });
      return { ...base, outcome: 'duplicate', reason };
    }
    if (match.outcome !== 'matched') {
      return { ...base, outcome: match.outcome, reason: match.reason };
    }
    try {
      const { runId } = await this.deps.target.startRun(
        workflow.workflowId,
        match.params,
        {
          type: 'git',
          actor: workflow.savedBy,
          name: trigger.name,
          deliveryId: event.deliveryId,
          commit: event.commit,
          branch: event.kind === 'tag' ? event.tag : event.branch,
        },
        match.supersedeKey ? { supersedeKey: match.supersedeKey } : undefined,
      );
      await this.deps.deliveries.finish(rowId, {
        outcome: 'matched',
        reason: match.reason,
        runId,
      });
      return { ...base, outcome: 'matched', reason: match.reason, runId };
    } catch (error) {
      const reason = `${
        match.reason
      }; the run was not started: ${stringifyError(error)}`;
      await this.deps.deliveries.finish(rowId, { outcome: 'failed', reason });
      this.deps.logger.warn(
        `Workflow ${workflow.projectRef}/${workflow.workflowName} trigger ${trigger.name}: ${reason}`,
      );
      return { ...base, outcome: 'failed', reason };
    }
  }
}
