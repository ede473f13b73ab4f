import { BerthJobType } from '@berth/plugin-berth-node';
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { abortDeletesJob } from '../../kubernetesJobs/abortDeletesJob';
import { kubernetesJobName } from '../../kubernetesJobs/kubernetesJobName';
import { KubernetesJobSlots } from '../../kubernetesJobs/KubernetesJobSlots';
import { showSlotWait } from '../../kubernetesJobs/showSlotWait';

/** Deletes recorded by {@link RecordingJobDeleter} and by the slot job type. */
export interface DeletedJob {
  cluster: string;
  namespace: string;
  name: string;
}

/** Stands for the cluster's Job API: records each delete. */
export class RecordingJobDeleter {
  readonly deleted: DeletedJob[] = [];

  async deleteJob(cluster: string, namespace: string, name: string) {
    this.deleted.push({ cluster, namespace, name });
  }
}

/**
 * A job type for engine tests that behaves as the Kubernetes job types do
 * towards the engine, without a cluster: takes a slot of cluster `east`
 * (real KubernetesJobSlots, waiting visibly), "runs its Job" for `runMs`
 * (or until aborted), deletes it on a cancel or timeout (recorded), and
 * frees the slot when the Job ended; a stop leaves both for the takeover.
 */
export function slotJobType(
  slots: KubernetesJobSlots,
  jobs: RecordingJobDeleter,
  starts: Array<{ jobRunId: string; resumed: boolean }>,
): BerthJobType<{ runMs?: number }> {
  return {
    name: 'Kubernetes Job (test)',
    inputSchema: z.object({ runMs: z.number().optional() }),
    async run(ctx) {
      starts.push({ jobRunId: ctx.run.jobRunId, resumed: ctx.resumed });
      const name = kubernetesJobName(
        ctx.run.runId,
        ctx.run.job,
        ctx.run.attempt,
      );
      await slots.acquire({
        cluster: 'east',
        namespace: 'berth-jobs',
        jobName: name,
        runId: ctx.run.runId,
        jobRunId: ctx.run.jobRunId,
        signal: ctx.signal,
        onWaiting: showSlotWait(ctx),
      });
      try {
        await delay(ctx.params.runMs ?? 60_000, undefined, {
          signal: ctx.signal,
        });
      } catch (error) {
        if (abortDeletesJob(ctx.signal.reason)) {
          await jobs.deleteJob('east', 'berth-jobs', name);
          await slots.release(ctx.run.jobRunId);
        }
        throw error;
      }
      await slots.release(ctx.run.jobRunId);
    },
  };
}
