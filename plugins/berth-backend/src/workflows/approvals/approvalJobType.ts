import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { BerthJobType } from '@berth/plugin-berth-node';
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { WorkflowRunEvents } from '../engine/WorkflowRunEvents';
import { ApprovalStore, RunStore, toSummary } from '../store';

const ENTITY_REF = /^(user|group):([a-z0-9._-]+\/)?[a-z0-9._-]+$/i;

/** The spec of an `approval` job. */
export const approvalSpecSchema = z.object({
  /** User and group entity refs; a group's members may approve. */
  approvers: z
    .array(
      z
        .string()
        .regex(
          ENTITY_REF,
          'must be a user or group entity ref, e.g. group:default/ops',
        ),
    )
    .min(1, 'an approval needs at least one approver')
    .max(100),
  /** Approvals needed; default 1. One rejection rejects. */
  needed: z.number().int().min(1).max(20).optional(),
  /** No decision in time = rejected. */
  timeoutMinutes: z
    .number()
    .positive()
    .max(60 * 24 * 30)
    .optional(),
  /** The run's creator may approve it; default false. */
  allowSelfApproval: z.boolean().optional(),
  message: z.string().max(4000).optional(),
});

export type ApprovalSpec = z.infer<typeof approvalSpecSchema>;

export interface ApprovalJobTypeDeps {
  approvals: ApprovalStore;
  runs: RunStore;
  events?: WorkflowRunEvents;
  logger?: LoggerService;
  /** How often a waiting approval is read; default 1000. */
  pollIntervalMs?: number;
}

/**
 * The `approval` job type: asks its approvers (one approval record per job
 * attempt, found again by a replica that takes the run over), shows the job
 * and the run as waiting, and ends when approved (succeeded), rejected or
 * not decided before its timeout (failed).
 */
export function createApprovalJobType(
  deps: ApprovalJobTypeDeps,
): BerthJobType<ApprovalSpec> {
  const pollMs = deps.pollIntervalMs ?? 1000;
  return {
    name: 'Approval',
    description:
      'Waits for named approvers (users or groups) to approve; a rejection or the timeout fails it',
    inputSchema: approvalSpecSchema,
    async run(ctx) {
      const spec = ctx.params;
      const needed = spec.needed ?? 1;
      const { approval, created } = await deps.approvals.ensure({
        runId: ctx.run.runId,
        jobRunId: ctx.run.jobRunId,
        approvers: spec.approvers,
        needed,
        allowSelfApproval: spec.allowSelfApproval ?? false,
        expiresAt: spec.timeoutMinutes
          ? new Date(Date.now() + spec.timeoutMinutes * 60_000)
          : undefined,
        message: spec.message,
      });
      if (created) {
        ctx.logger.info(
          `Asked ${spec.approvers.join(', ')} for ${needed} approval(s)`,
        );
        if (deps.events) {
          try {
            const run = await deps.runs.get(ctx.run.runId);
            await deps.events.approvalRequested(approval, toSummary(run));
          } catch (error) {
            deps.logger?.warn(
              `Could not announce approval ${approval.id}: ${stringifyError(
                error,
              )}`,
            );
          }
        }
      } else {
        ctx.logger.info('Waiting again for the approval asked before');
      }
      await ctx.setWaiting(
        `Waiting for ${needed} approval(s) from ${spec.approvers.join(', ')}`,
      );
      for (;;) {
        const current = await deps.approvals.get(approval.id);
        if (current.status === 'approved') {
          const by = current.decisions
            .filter(d => d.decision === 'approve')
            .map(d => d.by);
          ctx.logger.info(`Approved by ${by.join(', ')}`);
          ctx.output('approvedBy', by);
          await ctx.setWaiting(undefined);
          return;
        }
        if (current.status === 'rejected') {
          const d = current.decisions.find(x => x.decision === 'reject');
          throw new Error(
            `Rejected by ${d?.by ?? 'an approver'}${
              d?.comment ? `: ${d.comment}` : ''
            }`,
          );
        }
        if (current.status !== 'waiting') {
          throw new Error(`The approval was ${current.status}`);
        }
        if (
          current.expiresAt &&
          Date.parse(current.expiresAt) <= Date.now() &&
          (await deps.approvals.close(current.id, 'expired'))
        ) {
          throw new Error(
            `No decision within ${spec.timeoutMinutes} minute(s): rejected`,
          );
        }
        await delay(pollMs, undefined, { signal: ctx.signal });
      }
    },
  };
}
