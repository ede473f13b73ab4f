import { SleptWorkload } from '@berth/plugin-berth-common';
import { SleepService, WokenGroup } from '../sleep/SleepService';
import { OperationHandler } from '../operations/OperationHandler';
import { loadTarget, TargetDeps } from './loadTarget';

type SleepDeps = TargetDeps & { sleep: SleepService };

/** `sleep`: record what runs, then scale to zero and suspend CronJobs. */
export function sleepHandler(deps: SleepDeps): OperationHandler {
  return {
    kind: 'sleep',
    async run(context) {
      const { operation } = context;
      const record = { key: 'record', title: 'Record replicas' };
      const scale = { key: 'scale-down', title: 'Scale down' };
      await context.plan([record, scale]);
      const { environment } = await loadTarget(deps, operation);
      const workloads = await context.step(record, step =>
        deps.sleep.record(environment, operation.actor, {
          resume: step.interrupted || operation.attempts > 1,
        }),
      );
      await context.step(scale, async () => {
        await deps.sleep.scaleDown(environment, workloads);
        return null;
      });
      return `Asleep: ${workloads.length} workload(s) recorded and scaled down`;
    },
  };
}

/** `wake`: restore the recorded replicas group by group, then the CronJobs. */
export function wakeHandler(deps: SleepDeps): OperationHandler {
  return {
    kind: 'wake',
    async run(context) {
      const { operation } = context;
      const { environment, project } = await loadTarget(deps, operation);
      const sleep = await deps.sleep.beginWake(environment, operation.actor, {
        resume: operation.attempts > 1,
      });
      const workloads: SleptWorkload[] = sleep.workloads;
      const outcome = await deps.sleep.restore(
        project,
        environment,
        workloads,
        {
          signal: context.signal,
          checkpoint: (index, services, run) =>
            context.step<WokenGroup>(
              {
                key: `group:${index + 1}`,
                title: `Group ${index + 1}: ${services.join(', ')}`,
              },
              () => run(),
            ),
        },
      );
      if (outcome.failed) throw new Error(outcome.message);
      return `Awake: ${outcome.groups.length} start-order group(s) restored`;
    },
  };
}
