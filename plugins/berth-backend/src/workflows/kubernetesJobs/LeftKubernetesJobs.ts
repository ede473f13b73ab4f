import { LeftWork } from '../engine/engineDeps';
import { KubernetesJobSlot } from './KubernetesJobSlots';

/** Deletes one Job (KubernetesJobRunner.deleteJob: in the background, a 404 is fine). */
export interface KubernetesJobDeleter {
  deleteJob(cluster: string, namespace: string, name: string): Promise<void>;
}

/**
 * The Kubernetes Jobs attempts left behind: a run taken over while
 * `cancelling` (its replica died mid-cancel) deletes the Jobs of its
 * unfinished attempts. They are found by their slots, which record the
 * cluster, namespace and deterministic name of every Job an attempt may
 * have created (a granted slot: the Job may exist); then the slots go.
 */
export class LeftKubernetesJobs implements LeftWork {
  constructor(
    private readonly slots: {
      ofRun(runId: string): Promise<KubernetesJobSlot[]>;
      release(jobRunId: string): Promise<void>;
    },
    private readonly jobs: KubernetesJobDeleter,
  ) {}

  async cancel(
    runId: string,
    jobRunIds: string[],
  ): Promise<Map<string, string>> {
    const done = new Map<string, string>();
    for (const slot of await this.slots.ofRun(runId)) {
      if (!jobRunIds.includes(slot.jobRunId)) continue;
      const where = `Kubernetes Job '${slot.jobName}' in namespace '${slot.namespace}' of cluster '${slot.cluster}'`;
      if (slot.granted) {
        try {
          await this.jobs.deleteJob(slot.cluster, slot.namespace, slot.jobName);
          done.set(slot.jobRunId, `Deleted ${where} (the run was cancelled)`);
        } catch (error) {
          // its slot goes with the attempt's end; the Job with its deadline
          done.set(
            slot.jobRunId,
            `Could not delete ${where}: ${(error as Error)?.message ?? error}`,
          );
          continue;
        }
      }
      await this.slots.release(slot.jobRunId);
    }
    return done;
  }
}
