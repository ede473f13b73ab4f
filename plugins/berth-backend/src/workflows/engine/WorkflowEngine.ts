import { stringifyError } from '@backstage/errors';
import {
  WorkflowParamValue,
  WorkflowRun,
  WorkflowRunTrigger,
} from '@berth/plugin-berth-common';
import { ConflictError } from '@backstage/errors';
import {
  latestAttempts,
  StoredRun,
  StoredWorkflow,
  toSummary,
  TriggerRevisions,
} from '../store';
import { isUniqueViolation } from '../store/rows';
import { concurrencyGroupOf } from './concurrencyGroup';
import { describeRun } from './describeRun';
import { WorkflowEngineDeps } from './engineDeps';
import { jobsOf } from './jobRows';
import { PostgresRunWake } from './PostgresRunWake';
import { RunDriver } from './RunDriver';
import { DispatchLoop, settledWithin } from '../../dispatch/DispatchLoop';

interface Driving {
  driver: RunDriver;
  done: Promise<void>;
}

/**
 * Runs workflow runs on this replica: a dispatcher claims queued runs in
 * FIFO order within their concurrency group and the global limit (and runs
 * whose lease expired: takeover), heartbeats renew the leases and carry
 * cancels and continues made on other replicas, and on shutdown the runs
 * are handed back at once (Kubernetes Jobs keep running, to be re-attached).
 */
export class WorkflowEngine {
  readonly replicaId: string;
  private readonly driving = new Map<string, Driving>();
  /** Claims nothing until start() and after stop() (a run queued meanwhile waits). */
  private readonly loop: DispatchLoop;
  private readonly wake?: PostgresRunWake;

  constructor(private readonly deps: WorkflowEngineDeps) {
    this.wake = deps.knex
      ? new PostgresRunWake(deps.knex, deps.logger)
      : undefined;
    this.loop = new DispatchLoop(deps, 'workflow runs', {
      claim: () => this.claimAvailable(),
      heartbeat: () => this.heartbeat(),
    });
    this.replicaId = this.loop.replicaId;
  }

  start() {
    if (!this.loop.start()) return;
    this.wake?.listen(() => this.loop.tick());
    this.loop.tick();
  }

  /** Stops claiming, lets go of the runs driven here and hands them back for takeover. */
  async stop(): Promise<void> {
    this.loop.stop();
    await this.wake?.close();
    const driving = [...this.driving.values()];
    driving.forEach(d => d.driver.abort('stop'));
    if (driving.length) {
      await settledWithin(
        driving.map(d => d.done),
        this.deps.config.shutdownGraceMs,
      );
    }
    const released = await this.deps.stores.runs.releaseLeases(this.replicaId);
    if (released > 0) {
      this.deps.logger.info(
        `Handed ${released} workflow run(s) back for another replica to take over`,
      );
    }
  }

  /**
   * Queues a run of the workflow's newest revision (params already
   * checked), cancels the older runs it supersedes, and wakes the dispatcher.
   */
  async enqueue(
    workflow: StoredWorkflow,
    params: Record<string, WorkflowParamValue>,
    trigger: WorkflowRunTrigger,
    options: {
      supersedeKey?: string;
      triggerRevisions?: TriggerRevisions;
    } = {},
  ): Promise<StoredRun> {
    const { runs } = this.deps.stores;
    const group = concurrencyGroupOf(workflow.id, workflow.definition, params);
    const run = await runs.insert({
      workflowId: workflow.id,
      projectRef: workflow.projectRef,
      workflowName: workflow.name,
      revision: workflow.revision,
      params,
      trigger,
      concurrencyGroup: group.group,
      concurrencyLimit: group.limit,
      supersedeKey: options.supersedeKey,
      triggerRevisions: options.triggerRevisions,
      jobs: jobsOf(workflow.definition),
    });
    const older = [
      ...(group.supersede
        ? await runs.unfinished({ concurrencyGroup: group.group })
        : []),
      ...(options.supersedeKey
        ? await runs.unfinished({
            workflowId: workflow.id,
            supersedeKey: options.supersedeKey,
          })
        : []),
    ].filter(r => r.queueSeq < run.queueSeq);
    for (const old of new Map(older.map(r => [r.id, r])).values()) {
      await this.cancel(
        old.id,
        trigger.actor,
        `Superseded by run #${run.sequence}`,
      ).catch(error => {
        if (!(error instanceof ConflictError)) throw error;
      });
    }
    this.publish(run);
    setImmediate(() => this.loop.tick());
    await this.wake?.notify();
    return run;
  }

  /**
   * Cancels a run: a queued one at once, an active one through
   * `cancelling` (its jobs are aborted with reason `cancel`, here or on the
   * replica driving it). ConflictError when it has finished.
   */
  async cancel(
    runId: string,
    actor: string,
    message?: string,
  ): Promise<StoredRun> {
    const { run, ended } = await this.deps.stores.runs.requestCancel(
      runId,
      actor,
      message,
    );
    if (ended) {
      await this.deps.stores.jobRuns.cancelPending(runId);
      this.publish(run);
      await this.reportFinished(run);
    } else {
      this.driving.get(runId)?.driver.update(run);
    }
    return run;
  }

  /** Records a Continue (manual stage, manual error policy) and wakes the run if driven here. */
  async continueStage(runId: string, stage: string): Promise<StoredRun> {
    const run = await this.deps.stores.runs.continueStage(runId, stage);
    this.driving.get(runId)?.driver.update(run);
    return run;
  }

  /**
   * Queues a failed run again with a new attempt of each job that failed,
   * timed out, was cancelled or skipped; its succeeded jobs are kept.
   */
  /** New attempts of the failed jobs; `triggerRevisions` (when given) replace the run's. */
  async retryFailed(
    runId: string,
    triggerRevisions?: TriggerRevisions,
  ): Promise<StoredRun> {
    const { runs, jobRuns } = this.deps.stores;
    const run = await runs.get(runId);
    if (run.status !== 'failed') {
      throw new ConflictError(
        `Run #${run.sequence} of ${run.workflowName} is ${run.status}; only a failed run can retry its failed jobs`,
      );
    }
    const latest = latestAttempts(await jobRuns.forRun(runId));
    // New attempts first, then back to the queue: a replica that claims the
    // run at once must find them. The unique (run, job, attempt) index
    // refuses a second retry of the same failure.
    try {
      for (const row of latest.values()) {
        if (
          ['failed', 'timedOut', 'cancelled', 'skipped'].includes(row.status)
        ) {
          await jobRuns.insert({
            runId,
            stageIndex: row.stageIndex,
            stage: row.stage,
            job: row.job,
            type: row.type,
            attempt: row.attempt + 1,
          });
        }
      }
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(
          `Run #${run.sequence} of ${run.workflowName} is being retried already`,
        );
      }
      throw error;
    }
    if (!(await runs.requeueFailed(runId, triggerRevisions))) {
      throw new ConflictError(`Run #${run.sequence} is no longer failed`);
    }
    const queued = await runs.get(runId);
    this.publish(queued);
    setImmediate(() => this.loop.tick());
    await this.wake?.notify();
    return queued;
  }

  /** A run with its stages and jobs. */
  async describe(runId: string): Promise<WorkflowRun> {
    const { runs, jobRuns, approvals, workflows } = this.deps.stores;
    const run = await runs.get(runId);
    const definition = await workflows
      .revision(run.workflowId, run.revision)
      .then(r => r.definition)
      .catch(() => undefined);
    return describeRun(
      run,
      definition,
      await jobRuns.forRun(runId),
      await approvals.list({ runId }),
    );
  }

  /** Run ids driven on this replica (tests, health). */
  runningHere(): string[] {
    return [...this.driving.keys()];
  }

  private async claimAvailable() {
    const { runs } = this.deps.stores;
    const { leaseMs, maxRunningRuns } = this.deps.config;
    while (!this.loop.stopping) {
      const claimed = await runs.claim(this.replicaId, leaseMs, maxRunningRuns);
      if (!claimed) return;
      if (this.loop.stopping) {
        await runs.releaseLeases(this.replicaId);
        return;
      }
      if (this.driving.has(claimed.run.id)) continue; // still driven here: its lease is renewed
      if (claimed.resumed) {
        this.deps.logger.info(
          `Workflow run ${claimed.run.id}: its lease expired or was released; taken over by ${this.replicaId}`,
        );
      }
      this.launch(claimed.run, claimed.resumed);
    }
  }

  private launch(run: StoredRun, resumed: boolean) {
    const driver = new RunDriver(run, resumed, this.deps, this.replicaId);
    const entry: Driving = { driver, done: Promise.resolve() };
    this.driving.set(run.id, entry);
    entry.done = driver
      .drive()
      .catch(error =>
        this.deps.logger.error(
          `Workflow run ${run.id} crashed the engine: ${stringifyError(error)}`,
        ),
      )
      .finally(() => {
        this.driving.delete(run.id);
        setImmediate(() => this.loop.tick());
        // a run that ended frees a place in its group for any replica
        this.wake?.notify();
      });
  }

  private heartbeat() {
    const { runs } = this.deps.stores;
    for (const { driver } of this.driving.values()) {
      runs
        .renewLease(driver.runId, this.replicaId, this.deps.config.leaseMs)
        .then(run => {
          if (!run) driver.abort('lost');
          else driver.update(run);
        })
        .catch(error =>
          this.deps.logger.warn(
            `Could not renew the lease of workflow run ${
              driver.runId
            }: ${stringifyError(error)}`,
          ),
        );
    }
  }

  private publish(run: StoredRun) {
    this.deps.signals?.changed(toSummary(run)).catch(() => undefined);
  }

  private async reportFinished(run: StoredRun) {
    if (!this.deps.events) return;
    try {
      await this.deps.events.runFinished(await this.describe(run.id));
    } catch (error) {
      this.deps.logger.warn(
        `Could not report the end of workflow run ${run.id}: ${stringifyError(
          error,
        )}`,
      );
    }
  }
}
