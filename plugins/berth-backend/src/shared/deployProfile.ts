import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Where deploys spend their time, for `bench/env-create`: each service
 * deploy runs in a profile context ({@link profiledDeploy}); the code it
 * calls adds the time of its phases ({@link profilePhase},
 * {@link addPhaseTime}). Off unless a benchmark turned it on with
 * {@link startDeployProfile}: then nothing is measured and nothing kept.
 */
export interface DeployProfile {
  /** Per phase: how many times it ran and its total and largest time (ms). */
  phases(): Record<string, { count: number; totalMs: number; maxMs: number }>;
  /** Stops collecting. */
  stop(): void;
}

const context = new AsyncLocalStorage<{ service: string }>();
let active:
  | Map<string, { count: number; totalMs: number; maxMs: number }>
  | undefined;

/** Starts collecting phase times of every deploy in this process. */
export function startDeployProfile(): DeployProfile {
  const phases = new Map<
    string,
    { count: number; totalMs: number; maxMs: number }
  >();
  active = phases;
  return {
    phases: () => Object.fromEntries(phases),
    stop: () => {
      if (active === phases) active = undefined;
    },
  };
}

/** Whether a profile is being collected for the current deploy. */
export function profiling(): boolean {
  return active !== undefined && context.getStore() !== undefined;
}

/** Runs one service's deploy in a profile context (a plain call when not profiling). */
export function profiledDeploy<T>(service: string, fn: () => Promise<T>) {
  if (!active) return fn();
  return context.run({ service }, fn);
}

/** Adds `ms` to a phase of the current deploy. */
export function addPhaseTime(phase: string, ms: number): void {
  if (!active || !context.getStore()) return;
  const entry = active.get(phase) ?? { count: 0, totalMs: 0, maxMs: 0 };
  entry.count += 1;
  entry.totalMs += ms;
  entry.maxMs = Math.max(entry.maxMs, ms);
  active.set(phase, entry);
}

/** Runs `fn`, adding its time to a phase of the current deploy. */
export async function profilePhase<T>(
  phase: string,
  fn: () => Promise<T>,
): Promise<T> {
  if (!profiling()) return fn();
  const start = performance.now();
  try {
    return await fn();
  } finally {
    addPhaseTime(phase, performance.now() - start);
  }
}
