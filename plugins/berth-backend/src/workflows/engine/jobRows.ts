import { WorkflowDefinition } from '@berth/plugin-berth-common';
import { JobRunStore } from '../store';
import { isUniqueViolation } from '../store/rows';

/** The jobs of a definition, as pending first attempts of a run. */
export function jobsOf(definition: WorkflowDefinition) {
  return definition.stages.flatMap((stage, stageIndex) =>
    stage.jobs.map(job => ({
      stageIndex,
      stage: stage.name,
      job: job.name,
      type: job.type,
    })),
  );
}

/** Adds a pending first attempt for every job of the run that has none. */
export async function insertPendingJobRows(
  jobRuns: JobRunStore,
  runId: string,
  definition: WorkflowDefinition,
): Promise<void> {
  const have = new Set((await jobRuns.forRun(runId)).map(j => j.job));
  for (const job of jobsOf(definition)) {
    if (have.has(job.job)) continue;
    try {
      await jobRuns.insert({ runId, attempt: 1, ...job });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
}
