import { mockServices } from '@backstage/backend-test-utils';
import {
  isTerminalWorkflowRunStatus,
  WorkflowDefinition,
  WorkflowRun,
} from '@berth/plugin-berth-common';
import { BerthJobContext, BerthJobType } from '@berth/plugin-berth-node';
import { Knex } from 'knex';
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { DatabaseJobLogs } from '../../logs';
import {
  createWorkflowStores,
  WorkflowEngineDeps,
  WorkflowStores,
} from '../engineDeps';
import { WorkflowEngineConfig } from '../readWorkflowEngineConfig';
import { WorkflowEngine } from '../WorkflowEngine';
import { WorkflowRunEvents } from '../WorkflowRunEvents';
import { WorkflowSignals } from '../WorkflowSignals';

/** Fast settings for tests. */
export const TEST_ENGINE_CONFIG: WorkflowEngineConfig = {
  pollIntervalMs: 30,
  leaseMs: 2000,
  heartbeatMs: 100,
  maxRunningRuns: 20,
  maxKubernetesJobsPerCluster: 10,
  shutdownGraceMs: 1000,
};

const sampleSpec = z.object({
  /** Sleeps this long (abortable). */
  sleepMs: z.number().optional(),
  /** Fails the first N attempts. */
  failAttempts: z.number().optional(),
  /** Fails while `flags[failWhile]` is set. */
  failWhile: z.string().optional(),
  /** Saves this checkpoint, then waits until aborted. */
  block: z.string().optional(),
  outputs: z.record(z.string(), z.unknown()).optional(),
  value: z.unknown().optional(),
  log: z.string().optional(),
  /** Masks this value before logging `log`. */
  mask: z.string().optional(),
});

export interface SampleStart {
  runId: string;
  jobRunId: string;
  job: string;
  attempt: number;
  resumed: boolean;
  checkpoint: unknown;
  params: z.infer<typeof sampleSpec>;
  upstream: Record<string, Record<string, unknown>>;
}

/**
 * A job type for engine tests (a real job type: the engine runs it as any
 * other): sleeps, fails on demand, saves a checkpoint and blocks until
 * aborted, sets outputs, records what it saw.
 */
export class SampleJobs {
  readonly starts: SampleStart[] = [];
  readonly aborts: Array<{ job: string; reason: unknown }> = [];
  readonly flags = new Set<string>();
  running = 0;
  maxRunning = 0;

  readonly jobType: BerthJobType<z.infer<typeof sampleSpec>> = {
    name: 'Sample',
    inputSchema: sampleSpec,
    run: async ctx => this.run(ctx),
  };

  private async run(ctx: BerthJobContext<z.infer<typeof sampleSpec>>) {
    const p = ctx.params;
    this.starts.push({
      runId: ctx.run.runId,
      jobRunId: ctx.run.jobRunId,
      job: ctx.run.job,
      attempt: ctx.run.attempt,
      resumed: ctx.resumed,
      checkpoint: ctx.checkpoint.saved,
      params: p,
      upstream: ctx.upstream,
    });
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    try {
      if (p.mask) ctx.mask(p.mask);
      if (p.log) ctx.logger.info(p.log);
      if (p.sleepMs) await abortableSleep(p.sleepMs, ctx.signal);
      if (p.failAttempts && ctx.run.attempt <= p.failAttempts) {
        throw new Error(`failing attempt ${ctx.run.attempt}`);
      }
      if (p.failWhile && this.flags.has(p.failWhile)) {
        throw new Error(`failing while ${p.failWhile}`);
      }
      if (p.block !== undefined) {
        if (!ctx.resumed) await ctx.checkpoint.save({ at: p.block });
        await abortableSleep(60_000, ctx.signal);
      }
      for (const [k, v] of Object.entries(p.outputs ?? {})) ctx.output(k, v);
      if (p.value !== undefined) ctx.output('value', p.value);
    } catch (error) {
      if (ctx.signal.aborted) {
        this.aborts.push({ job: ctx.run.job, reason: ctx.signal.reason });
      }
      throw error;
    } finally {
      this.running--;
    }
  }
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return delay(ms, undefined, { signal });
}

export interface EngineKit {
  knex: Knex;
  stores: WorkflowStores;
  logs: DatabaseJobLogs;
  sample: SampleJobs;
  jobTypes: Map<string, BerthJobType>;
  published: Array<{ recipients: unknown; message: any }>;
  finished: WorkflowRun[];
  events: WorkflowRunEvents & { approvals: unknown[] };
  engine(config?: Partial<WorkflowEngineConfig>): WorkflowEngine;
  createWorkflow(
    definition: WorkflowDefinition,
    name?: string,
  ): ReturnType<WorkflowStores['workflows']['create']>;
  waitFor(
    runId: string,
    until?: (run: WorkflowRun) => boolean,
    timeoutMs?: number,
  ): Promise<WorkflowRun>;
  stopAll(): Promise<void>;
}

/** Stores, logs, sample jobs and engines over one migrated database. */
export function engineKit(
  knex: Knex,
  extraJobTypes: Record<string, BerthJobType> = {},
  extraDeps: Pick<WorkflowEngineDeps, 'leftWork'> = {},
): EngineKit {
  const stores = createWorkflowStores(knex);
  const logs = new DatabaseJobLogs({ knex, flushIntervalMs: 20 });
  const sample = new SampleJobs();
  const jobTypes = new Map<string, BerthJobType>([
    ['sample', sample.jobType],
    ...Object.entries(extraJobTypes),
  ]);
  const published: EngineKit['published'] = [];
  const finished: WorkflowRun[] = [];
  const events: EngineKit['events'] = {
    approvals: [],
    runFinished: async run => {
      finished.push(run);
    },
    approvalRequested: async (approval, run) => {
      events.approvals.push({ approval, run });
    },
  };
  const signals = new WorkflowSignals(
    {
      publish: async (message: any) => {
        published.push(message);
      },
    } as any,
    mockServices.logger.mock(),
    async () => ['group:default/team-shop'],
  );
  const engines: WorkflowEngine[] = [];
  const makeEngine = (config?: Partial<WorkflowEngineConfig>) =>
    new WorkflowEngine({
      stores,
      jobTypes,
      logs,
      config: { ...TEST_ENGINE_CONFIG, ...config },
      logger: mockServices.logger.mock(),
      signals,
      events,
      knex,
      ...extraDeps,
    });
  const describer = makeEngine();
  let counter = 0;
  const kit: EngineKit = {
    knex,
    stores,
    logs,
    sample,
    jobTypes,
    published,
    finished,
    events,
    engine: config => {
      const engine = makeEngine(config);
      engines.push(engine);
      return engine;
    },
    createWorkflow: (definition, name) =>
      stores.workflows.create({
        projectRef: 'system:default/shop',
        name: name ?? `wf${++counter}`,
        title: 'Test',
        enabled: true,
        definition,
        targets: { tiers: [], clusters: [], environments: [] },
        actor: 'user:default/ada',
      }),
    waitFor: async (runId, until, timeoutMs = 20_000) => {
      const start = Date.now();
      for (;;) {
        const run = await describer.describe(runId);
        if (until ? until(run) : isTerminalWorkflowRunStatus(run.status)) {
          return run;
        }
        if (Date.now() - start > timeoutMs) {
          throw new Error(
            `Run ${runId} is ${
              run.status
            } after ${timeoutMs} ms: ${JSON.stringify(run.stages)}`,
          );
        }
        await new Promise(r => setTimeout(r, 25));
      }
    },
    stopAll: async () => {
      await Promise.all(engines.map(e => e.stop()));
    },
  };
  return kit;
}

export const ada = { type: 'manual' as const, actor: 'user:default/ada' };

/** A one-stage workflow of sample jobs. */
export function sampleWorkflow(
  jobs: Array<{ name: string; spec?: object } & Record<string, unknown>>,
  extra: Partial<WorkflowDefinition> = {},
): WorkflowDefinition {
  return {
    stages: [
      {
        name: 'main',
        jobs: jobs.map(j => ({ type: 'sample', spec: {}, ...j } as any)),
      },
    ],
    ...extra,
  };
}
