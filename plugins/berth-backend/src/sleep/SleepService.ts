import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, stringifyError } from '@backstage/errors';
import {
  BERTH_LABELS,
  BerthProject,
  EnvironmentSleep,
  SleptWorkload,
} from '@berth/plugin-berth-common';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { Deployer } from '../deployments/Deployer';
import { DeployOrchestrator } from '../deployments/DeployOrchestrator';
import { environmentServiceSelector } from '../deployments/labels';
import { startOrderGroups } from '../deployments/startOrderGroups';
import { StoredEnvironment } from '../model/environment';
import { SleepScheduleStore } from './SleepScheduleStore';
import { SleepStore } from './SleepStore';
import { listSleepableWorkloads, patchWorkload } from './sleepWorkloads';

/** One start-order group of a wake, with when it was scaled up and ready. */
export interface WokenGroup {
  services: string[];
  scaledAt: string;
  readyAt: string;
}

/** How a wake went. */
export interface WakeOutcome {
  groups: WokenGroup[];
  failed: boolean;
  message?: string;
}

/**
 * Puts environments to sleep and wakes them. Sleep records every
 * Deployment's and StatefulSet's replicas and every CronJob's suspend flag,
 * then scales to zero and suspends; wake restores the replicas group by
 * group in the project's start order, each group waiting until its services
 * are ready (as a deploy does), then resumes the CronJobs that sleep
 * suspended.
 */
export class SleepService {
  constructor(
    private readonly deps: {
      clusters: ClusterRegistry;
      sleeps: SleepStore;
      schedules: SleepScheduleStore;
      orchestrator: DeployOrchestrator;
      deployer: Pick<Deployer, 'waitUntilReady'>;
      groupTimeoutMs: number;
      logger: LoggerService;
      /** Told after an environment fell asleep or woke (e.g. to push its status). */
      onChange?: (environment: StoredEnvironment) => void;
    },
  ) {}

  async describe(environment: StoredEnvironment): Promise<EnvironmentSleep> {
    const [sleep, schedule] = await Promise.all([
      this.deps.sleeps.get(environment.id),
      this.deps.schedules.get(environment.id),
    ]);
    const {
      due: _due,
      environmentId: _id,
      ...publicSchedule
    } = schedule ?? ({} as NonNullable<typeof schedule>);
    return {
      environmentId: environment.id,
      sleeping: Boolean(sleep),
      workloads: sleep?.workloads ?? [],
      ...(sleep && {
        state: sleep.state,
        since: sleep.since,
        actor: sleep.actor,
        ...(sleep.lastError && { lastError: sleep.lastError }),
      }),
      ...(schedule && { schedule: publicSchedule }),
    };
  }

  /**
   * Records the workloads' replicas and CronJobs' suspend flags, then scales
   * to zero and suspends. ConflictError when the environment already sleeps
   * or a deploy into it runs.
   */
  async sleep(
    environment: StoredEnvironment,
    actor: string,
  ): Promise<EnvironmentSleep> {
    this.assertNotDeploying(environment);
    const workloads = await this.record(environment, actor);
    await this.scaleDown(environment, workloads);
    return this.describe(environment);
  }

  /**
   * Claims the sleep and records the workloads' replicas and CronJobs'
   * suspend flags; nothing is scaled yet. With `resume`, a sleep this
   * operation already claimed is recorded again (nothing was scaled before
   * the record was complete).
   */
  async record(
    environment: StoredEnvironment,
    actor: string,
    options: { resume?: boolean } = {},
  ): Promise<SleptWorkload[]> {
    const claimed = options.resume
      ? await this.deps.sleeps.get(environment.id)
      : undefined;
    if (claimed && claimed.state !== 'asleep') {
      throw new ConflictError(
        `Environment '${environment.name}' is waking up; it cannot go to sleep now`,
      );
    }
    if (!claimed) await this.deps.sleeps.claimSleep(environment, actor);
    try {
      const workloads = await listSleepableWorkloads({
        kubeConfig: this.deps.clusters.kubeConfig(environment.cluster),
        namespace: environment.namespace,
        selector: `${BERTH_LABELS.environment}=${environment.id}`,
      });
      await this.deps.sleeps.recordWorkloads(environment.id, workloads);
      return workloads;
    } catch (error) {
      await this.deps.sleeps.release(environment.id);
      throw error;
    }
  }

  /**
   * Scales the recorded workloads to zero and suspends the CronJobs. From
   * here on the environment is asleep with its counts recorded: if a change
   * fails, wake puts back what was recorded. Safe to repeat.
   */
  async scaleDown(
    environment: StoredEnvironment,
    workloads: SleptWorkload[],
  ): Promise<void> {
    const kubeConfig = this.deps.clusters.kubeConfig(environment.cluster);
    const { namespace } = environment;
    await Promise.all(
      workloads.map(workload => {
        if (workload.kind === 'CronJob') {
          return workload.suspended
            ? undefined
            : patchWorkload(kubeConfig, namespace, workload, { suspend: true });
        }
        return workload.replicas
          ? patchWorkload(kubeConfig, namespace, workload, { replicas: 0 })
          : undefined;
      }),
    );
    this.deps.logger.info(
      `Environment ${environment.name} (${environment.id}) is asleep: ${workloads.length} workload(s) recorded`,
    );
    this.deps.onChange?.(environment);
  }

  /**
   * Begins a wake: asleep → waking, resolving with what sleep recorded.
   * With `resume`, a wake this operation began is continued (also when an
   * interrupted attempt marked it asleep again). ConflictError when the
   * environment is not asleep.
   */
  async beginWake(
    environment: StoredEnvironment,
    actor: string,
    options: { resume?: boolean } = {},
  ) {
    if (options.resume) {
      const current = await this.deps.sleeps.get(environment.id);
      if (current?.state === 'waking') return current;
    }
    return this.deps.sleeps.claimWake(environment, actor);
  }

  /**
   * Claims the wake (ConflictError when the environment is not asleep, then
   * nothing changes) and returns the restore to run: it resolves when every
   * group is back and ready, or with what failed (the environment is then
   * asleep again, with the error, for a new wake to retry).
   */
  async wake(
    project: BerthProject,
    environment: StoredEnvironment,
    actor: string,
  ): Promise<{ sleep: EnvironmentSleep; restore: () => Promise<WakeOutcome> }> {
    const sleep = await this.deps.sleeps.claimWake(environment, actor);
    return {
      sleep: await this.describe(environment),
      restore: () => this.restore(project, environment, sleep.workloads),
    };
  }

  /**
   * Restores what sleep recorded, group by group (each through `checkpoint`,
   * which the operations engine records as a step). When `signal` aborts
   * (shutdown), the environment stays waking for the operation to resume.
   */
  async restore(
    project: BerthProject,
    environment: StoredEnvironment,
    workloads: SleptWorkload[],
    options: {
      checkpoint?: (
        index: number,
        services: string[],
        run: () => Promise<WokenGroup>,
      ) => Promise<WokenGroup>;
      signal?: AbortSignal;
    } = {},
  ): Promise<WakeOutcome> {
    const checkpoint =
      options.checkpoint ??
      ((_i: number, _s: string[], run: () => Promise<WokenGroup>) => run());
    const kubeConfig = this.deps.clusters.kubeConfig(environment.cluster);
    const { namespace } = environment;
    const scalable = workloads.filter(w => w.kind !== 'CronJob');
    const groups = startOrderGroups(
      project,
      scalable.map(w => w.service ?? ''),
    );
    const inGroups = new Set(groups.flat());
    const others = scalable.filter(w => !inGroups.has(w.service ?? ''));
    const woken: WokenGroup[] = [];
    try {
      for (const [index, services] of groups.entries()) {
        woken.push(
          await checkpoint(index, services, async () => {
            const members = scalable.filter(w => services.includes(w.service!));
            await Promise.all(
              members.map(w =>
                patchWorkload(kubeConfig, namespace, w, {
                  replicas: w.replicas!,
                }),
              ),
            );
            const scaledAt = new Date().toISOString();
            await Promise.all(
              services.map(service =>
                this.deps.deployer.waitUntilReady(
                  {
                    cluster: environment.cluster,
                    namespace,
                    service,
                    selector: environmentServiceSelector(
                      environment.id,
                      service,
                    ),
                  },
                  this.deps.groupTimeoutMs,
                  options.signal,
                ),
              ),
            );
            return { services, scaledAt, readyAt: new Date().toISOString() };
          }),
        );
      }
      // Workloads of services the project no longer has: back last.
      await Promise.all(
        others.map(w =>
          patchWorkload(kubeConfig, namespace, w, { replicas: w.replicas! }),
        ),
      );
      await Promise.all(
        workloads
          .filter(w => w.kind === 'CronJob' && !w.suspended)
          .map(w =>
            patchWorkload(kubeConfig, namespace, w, { suspend: false }),
          ),
      );
      await this.deps.sleeps.finishWake(environment.id);
      this.deps.logger.info(
        `Environment ${environment.name} (${environment.id}) is awake`,
      );
      return { groups: woken, failed: false };
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason ?? error;
      const message = `Wake stopped at start-order group ${
        woken.length + 1
      }: ${stringifyError(error)}`;
      await this.deps.sleeps.failWake(environment.id, message);
      this.deps.logger.warn(
        `Wake of environment ${environment.name} (${environment.id}) failed. ${message}`,
      );
      return { groups: woken, failed: true, message };
    } finally {
      this.deps.onChange?.(environment);
    }
  }

  private assertNotDeploying(environment: StoredEnvironment) {
    const deploying = [...this.deps.orchestrator.deploying(environment.id)];
    if (deploying.length > 0) {
      throw new ConflictError(
        `Environment '${environment.name}' is being deployed (${deploying.join(
          ', ',
        )}); let the deploy finish first`,
      );
    }
  }
}
