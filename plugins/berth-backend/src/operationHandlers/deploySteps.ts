import { DeploymentRecord } from '@berth/plugin-berth-common';
import { DeployCheckpoints } from '../deployments/DeployOrchestrator';
import { OperationContext, PlannedStep } from '../operations/OperationContext';

/** The key of start-order group `index` (0-based) of a deploy. */
export const groupStepKey = (index: number) => `group:${index + 1}`;
/** The key of a service's step. */
export const serviceStepKey = (service: string) => `service:${service}`;

/** A deploy's steps: each group, then each of its services. */
export function deploySteps(groups: string[][]): PlannedStep[] {
  return groups.flatMap((services, index) => [
    {
      key: groupStepKey(index),
      title: `Group ${index + 1}: ${services.join(', ')}`,
    },
    ...services.map(service => ({
      key: serviceStepKey(service),
      title: service,
      parent: groupStepKey(index),
    })),
  ]);
}

/**
 * Checkpoints a deploy in an operation: each group and each service is a
 * step, so a resumed deploy skips what succeeded and finishes (rather than
 * repeats) the record of a service it was deploying.
 */
export function deployCheckpoints(
  context: OperationContext,
  groups: string[][],
): DeployCheckpoints {
  const steps = new Map(deploySteps(groups).map(step => [step.key, step]));
  return {
    group: async (index, _services, run) => {
      await context.step(steps.get(groupStepKey(index))!, async () => {
        await run();
        return null;
      });
    },
    service: (index, service, run) =>
      context.step<DeploymentRecord>(
        steps.get(serviceStepKey(service)) ?? {
          key: serviceStepKey(service),
          title: service,
          parent: groupStepKey(index),
        },
        step =>
          run({
            interrupted: step.interrupted,
            recordId: (step.saved as { recordId?: string } | undefined)
              ?.recordId,
            saveRecordId: id => step.save({ recordId: id }),
          }),
      ),
  };
}
