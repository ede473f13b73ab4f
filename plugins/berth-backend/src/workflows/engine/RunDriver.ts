import { NotFoundError, stringifyError } from '@backstage/errors';
import {
  WorkflowDefinition,
  WorkflowJob,
  WorkflowJobRunStatus,
  WorkflowStage,
} from '@berth/plugin-berth-common';
import { latestAttempts, StoredJobRun, StoredRun, toSummary } from '../store';
import { describeRun } from './describeRun';
import { AbortReason, WorkflowEngineDeps } from './engineDeps';
import { insertPendingJobRows } from './jobRows';
import { runAttempt } from './runAttempt';

const FAILED: WorkflowJobRunStatus[] = ['failed', 'timedOut'];
const DONE_OK: WorkflowJobRunStatus[] = ['succeeded', 'skipped'];
const UNFINISHED: WorkflowJobRunStatus[] = [
  'pending',
  'queued',
  'running',
  'waiting',
];

type StageOutcome = { kind: 'ok' } | { kind: 'failed'; message: string };

/**
 * Drives one run this replica holds the lease of: its stages in order, the
 * jobs of a stage in parallel (with retries), manual stages and manual
 * error policies (the run waits for Continue), and the end of the run.
 * Everything it decides is read back from the database, so a replica that
 * takes the run over continues where this one stopped.
 */
export class RunDriver {
  private readonly controller = new AbortController();
  private readonly waitingJobs = new Map<string, string>();
  private readonly wakers = new Set<() => void>();

  constructor(
    private current: StoredRun,
    private readonly resumed: boolean,
    private readonly deps: WorkflowEngineDeps,
    private readonly owner: string,
  ) {}

  get runId() {
    return this.current.id;
  }

  /** Aborts the run's work: `cancel` ends it as cancelled; `stop` and `lost` leave it to another replica. */
  abort(reason: AbortReason) {
    if (!this.controller.signal.aborted) this.controller.abort(reason);
    this.wakeAll();
  }

  /** The run as stored now (from the heartbeat): sees cancels and continues. */
  update(run: StoredRun) {
    this.current = run;
    if (run.status === 'cancelling') this.abort('cancel');
    this.wakeAll();
  }

  private wakeAll() {
    for (const wake of [...this.wakers]) wake();
  }

  private get aborted() {
    return this.controller.signal.aborted;
  }

  async drive(): Promise<void> {
    const { stores, logger } = this.deps;
    let definition: WorkflowDefinition | undefined;
    try {
      definition = (
        await stores.workflows.revision(
          this.current.workflowId,
          this.current.revision,
        )
      ).definition;
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
    if (this.current.status === 'cancelling') this.abort('cancel');
    if (!definition) {
      await this.end(
        this.aborted ? 'cancelled' : 'failed',
        'The workflow (or its revision) no longer exists',
      );
      return;
    }
    await insertPendingJobRows(stores.jobRuns, this.runId, definition);
    logger.info(
      `Workflow run ${this.runId} (${this.current.workflowName} #${
        this.current.sequence
      }) ${this.resumed ? 'taken over' : 'started'} by ${this.owner}`,
    );
    this.publish();
    for (let s = 0; s < definition.stages.length && !this.aborted; s++) {
      const outcome = await this.runStage(definition, s);
      if (outcome.kind === 'failed' && !this.aborted) {
        await this.end('failed', outcome.message);
        return;
      }
    }
    if (this.aborted) {
      if (this.controller.signal.reason === 'cancel') {
        await this.end(
          'cancelled',
          this.current.message ??
            `Cancelled by ${this.current.cancelRequestedBy ?? 'someone'}`,
        );
      }
      return;
    }
    await this.end('succeeded');
  }

  private async latest(
    stageIndex?: number,
  ): Promise<Map<string, StoredJobRun>> {
    const rows = await this.deps.stores.jobRuns.forRun(this.runId);
    return latestAttempts(
      stageIndex === undefined
        ? rows
        : rows.filter(r => r.stageIndex === stageIndex),
    );
  }

  private async runStage(
    definition: WorkflowDefinition,
    s: number,
  ): Promise<StageOutcome> {
    const stage = definition.stages[s];
    const tolerated = (job: WorkflowJob, row?: StoredJobRun) =>
      Boolean(row) &&
      (DONE_OK.includes(row!.status) ||
        (FAILED.includes(row!.status) &&
          (job.onError === 'ignore' || job.optional || stage.continueOnError)));
    let latest = await this.latest(s);
    const open = stage.jobs.filter(j => !tolerated(j, latest.get(j.name)));
    if (open.length === 0) return { kind: 'ok' };

    const untouched = stage.jobs.every(
      j => (latest.get(j.name)?.status ?? 'pending') === 'pending',
    );
    if (
      stage.manual &&
      untouched &&
      !this.current.continuedStages.includes(stage.name)
    ) {
      await this.waitFor(
        `Stage '${stage.name}' waits for someone to continue it`,
        run => run.continuedStages.includes(stage.name),
      );
      if (this.aborted) return { kind: 'ok' };
    }

    await Promise.all(
      open.map(job =>
        this.runJob(stage, s, job, latest.get(job.name)).catch(error =>
          this.deps.logger.error(
            `Job ${job.name} of run ${
              this.runId
            } crashed the engine: ${stringifyError(error)}`,
          ),
        ),
      ),
    );
    if (this.aborted) return { kind: 'ok' };

    latest = await this.latest(s);
    const failed = stage.jobs.filter(j => {
      const row = latest.get(j.name);
      return !tolerated(j, row) && row && !DONE_OK.includes(row.status);
    });
    if (failed.length === 0) return { kind: 'ok' };
    const describe = failed
      .map(j => {
        const row = latest.get(j.name)!;
        return `job '${j.name}' ${
          row.status === 'timedOut' ? 'timed out' : row.status
        }${row.error ? `: ${row.error}` : ''}`;
      })
      .join('; ');
    if (failed.every(j => j.onError === 'manual')) {
      const clicks = count(this.current.continuedStages, stage.name);
      await this.waitFor(
        `Stage '${stage.name}': ${describe}. Continue to go on, or cancel the run`,
        run => count(run.continuedStages, stage.name) > clicks,
      );
      return { kind: 'ok' };
    }
    return { kind: 'failed', message: `Stage '${stage.name}': ${describe}` };
  }

  private async runJob(
    stage: WorkflowStage,
    stageIndex: number,
    job: WorkflowJob,
    first: StoredJobRun | undefined,
  ): Promise<void> {
    const { jobRuns } = this.deps.stores;
    let row =
      first ??
      (await jobRuns.insert({
        runId: this.runId,
        stageIndex,
        stage: stage.name,
        job: job.name,
        type: job.type,
        attempt: 1,
      }));
    let resumed = row.status === 'running' || row.status === 'waiting';
    const maxAttempts = 1 + (job.retry?.max ?? 0);
    for (;;) {
      if (this.aborted) return;
      if (UNFINISHED.includes(row.status)) {
        const outcome = await runAttempt({
          deps: this.deps,
          owner: this.owner,
          run: this.current,
          stage: stage.name,
          job,
          row,
          resumed,
          upstream: await this.upstream(),
          runSignal: this.controller.signal,
          setWaiting: (id, message) =>
            this.setJobWaiting(job.name, id, message),
          changed: (id, status) => this.publish({ jobRunId: id, status }),
        });
        this.waitingJobs.delete(row.id);
        if (outcome !== 'failed' && outcome !== 'timedOut') return;
        if (row.attempt >= maxAttempts || this.aborted) return;
        await this.sleep((job.retry?.backoffSeconds ?? 0) * 1000);
      } else if (!FAILED.includes(row.status) || row.attempt >= maxAttempts) {
        return;
      }
      if (this.aborted) return;
      row = await jobRuns.insert({
        runId: this.runId,
        stageIndex,
        stage: stage.name,
        job: job.name,
        type: job.type,
        attempt: row.attempt + 1,
      });
      resumed = false;
      this.publish({ jobRunId: row.id, status: 'pending' });
    }
  }

  /** Outputs of the jobs that succeeded so far, by job name. */
  private async upstream(): Promise<Record<string, Record<string, unknown>>> {
    const latest = await this.latest();
    return Object.fromEntries(
      [...latest.values()]
        .filter(r => r.status === 'succeeded')
        .map(r => [r.job, r.outputs]),
    );
  }

  private async setJobWaiting(
    job: string,
    jobRunId: string,
    message: string | undefined,
  ) {
    const { jobRuns, runs } = this.deps.stores;
    await jobRuns.setWaiting(jobRunId, this.owner, message);
    if (message === undefined) this.waitingJobs.delete(jobRunId);
    else this.waitingJobs.set(jobRunId, `Job '${job}': ${message}`);
    const waiting = [...this.waitingJobs.values()];
    await runs.setStatus(
      this.runId,
      this.owner,
      waiting.length ? 'waiting' : 'running',
      waiting.length ? waiting.join('; ') : undefined,
    );
    this.publish({
      jobRunId,
      status: message === undefined ? 'running' : 'waiting',
    });
  }

  /** The run waits (status `waiting`) until `done` holds, or it is aborted. */
  private async waitFor(message: string, done: (run: StoredRun) => boolean) {
    const { runs } = this.deps.stores;
    await runs.setStatus(this.runId, this.owner, 'waiting', message);
    this.publish();
    while (!this.aborted && !done(this.current)) {
      await this.sleep(this.deps.config.pollIntervalMs);
      if (this.aborted) break;
      const run = await runs.get(this.runId);
      if (run.leaseOwner !== this.owner) this.abort('lost');
      else this.update(run);
    }
    if (!this.aborted) {
      await runs.setStatus(this.runId, this.owner, 'running');
      this.publish();
    }
  }

  /** Sleeps; woken early by an abort, a cancel or a continue. */
  private sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.aborted) return Promise.resolve();
    return new Promise(resolve => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }

  private async end(
    status: 'succeeded' | 'failed' | 'cancelled',
    message?: string,
  ) {
    const { stores, logger } = this.deps;
    const rows = await stores.jobRuns.forRun(this.runId);
    if (status === 'cancelled') await this.cancelLeftWork(rows);
    for (const row of latestAttempts(rows).values()) {
      if (!UNFINISHED.includes(row.status)) continue;
      await stores.jobRuns.finish(row.id, this.owner, {
        status: status === 'cancelled' ? 'cancelled' : 'skipped',
        ...(status === 'cancelled' && { error: 'Cancelled' }),
      });
    }
    for (const approval of await stores.approvals.list({
      runId: this.runId,
      status: ['waiting'],
    })) {
      await stores.approvals.close(approval.id, 'cancelled');
    }
    if (!(await stores.runs.finish(this.runId, this.owner, status, message))) {
      return;
    }
    const run = await stores.runs.get(this.runId);
    this.current = run;
    logger.info(
      `Workflow run ${run.id} (${run.workflowName} #${run.sequence}) ${status}${
        message ? `: ${message}` : ''
      }`,
    );
    this.publish();
    await this.audit(run);
    await this.reportFinished(run);
    await this.purgeIfOrphaned(run);
  }

  /**
   * Attempts still started when the run ends cancelled were never aborted
   * here (the run was taken over while `cancelling`): what they left
   * running (Kubernetes Jobs) is stopped, and their logs say so.
   */
  private async cancelLeftWork(rows: StoredJobRun[]) {
    const { leftWork, logs, logger } = this.deps;
    const started = [...latestAttempts(rows).values()].filter(
      r => r.status === 'running' || r.status === 'waiting',
    );
    if (!leftWork || started.length === 0) return;
    try {
      const done = await leftWork.cancel(
        this.runId,
        started.map(r => r.id),
      );
      for (const row of started) {
        const line = done.get(row.id);
        if (!line) continue;
        const writer = logs.writer({
          jobRunId: row.id,
          runId: this.runId,
          attempt: row.attempt,
        });
        writer.logger.info(line);
        await writer.close();
      }
    } catch (error) {
      logger.warn(
        `Workflow run ${
          this.runId
        }: could not stop what its cancelled jobs left running: ${stringifyError(
          error,
        )}`,
      );
    }
  }

  /** A run of a workflow deleted while it ran is deleted once it ended. */
  private async purgeIfOrphaned(run: StoredRun) {
    const { stores, logs } = this.deps;
    try {
      await stores.workflows.get(run.workflowId);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      await logs.deleteRuns([run.id]);
      await stores.runs.deleteRuns([run.id]);
    }
  }

  private async reportFinished(run: StoredRun) {
    const { stores, logger } = this.deps;
    if (this.deps.events) {
      try {
        const definition = await stores.workflows
          .revision(run.workflowId, run.revision)
          .then(r => r.definition)
          .catch(() => undefined);
        await this.deps.events.runFinished(
          describeRun(
            run,
            definition,
            await stores.jobRuns.forRun(run.id),
            await stores.approvals.list({ runId: run.id }),
          ),
        );
      } catch (error) {
        logger.warn(
          `Could not report the end of workflow run ${run.id}: ${stringifyError(
            error,
          )}`,
        );
      }
    }
  }

  private async audit(run: StoredRun) {
    const { auditor, logger } = this.deps;
    if (!auditor) return;
    try {
      const event = await auditor.createEvent({
        eventId: 'workflow-run',
        severityLevel: 'medium',
        meta: {
          runId: run.id,
          workflowId: run.workflowId,
          workflowName: run.workflowName,
          projectRef: run.projectRef,
          sequence: run.sequence,
          createdBy: run.createdBy,
          trigger: run.trigger.type,
          status: run.status,
        },
      });
      if (run.status === 'failed') {
        await event.fail({ error: new Error(run.message ?? 'The run failed') });
      } else {
        await event.success({ meta: { outcome: run.message ?? run.status } });
      }
    } catch (error) {
      logger.warn(
        `Could not audit workflow run ${run.id}: ${stringifyError(error)}`,
      );
    }
  }

  private publish(job?: { jobRunId: string; status: WorkflowJobRunStatus }) {
    const signals = this.deps.signals;
    if (!signals) return;
    this.deps.stores.runs
      .get(this.runId)
      .then(run => signals.changed(toSummary(run), job))
      .catch(() => undefined);
  }
}

function count(list: string[], item: string) {
  return list.filter(x => x === item).length;
}
