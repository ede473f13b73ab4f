import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  ENVIRONMENT_TIERS,
  EnvironmentTier,
  WorkflowDefinition,
} from '@berth/plugin-berth-common';
import { DeployJobTargets } from './deployTargets';

const KEY = 'berth.workflows.requireApprovalForTiers';

/**
 * `berth.workflows.requireApprovalForTiers`: tiers a workflow may deploy to
 * only after an approval job. Default none. An unknown tier is a
 * configuration error (thrown at startup).
 */
export function readRequireApprovalForTiers(config: Config): EnvironmentTier[] {
  const tiers = config.getOptionalStringArray(KEY) ?? [];
  for (const tier of tiers) {
    if (!(ENVIRONMENT_TIERS as readonly string[]).includes(tier)) {
      throw new Error(
        `${KEY}: '${tier}' is not a tier (one of ${ENVIRONMENT_TIERS.join(
          ', ',
        )})`,
      );
    }
  }
  return tiers as EnvironmentTier[];
}

/**
 * Throws an InputError naming the job when a deploy job may deploy to one of
 * `tiers` and no `approval` job runs in an earlier stage.
 */
export function assertApprovalBeforeTiers(
  definition: WorkflowDefinition,
  targets: DeployJobTargets[],
  tiers: readonly string[],
): void {
  if (tiers.length === 0) return;
  const stages = definition.stages ?? [];
  const firstApproval = stages.findIndex(
    stage =>
      Array.isArray(stage?.jobs) &&
      stage.jobs.some(job => job?.type === 'approval'),
  );
  for (const target of targets) {
    const guarded = firstApproval >= 0 && firstApproval < target.stageIndex;
    if (guarded) continue;
    const listed = target.environments.find(e => tiers.includes(e.tier));
    if (listed) {
      const job = stages[target.stageIndex].jobs[target.jobIndex];
      throw new InputError(
        `definition.stages.${target.stageIndex}.jobs.${target.jobIndex}: job '${job.name}' deploys to ${listed.tier} environment '${listed.name}', which needs an approval job in an earlier stage (berth.workflows.requireApprovalForTiers)`,
      );
    }
  }
}
