import { OperationStep } from '@berth/plugin-berth-common';

/** A span between two timestamps, e.g. `42s`, `3m 5s`, `1h 2m`; undefined when either is missing. */
export function formatDuration(from?: string, to?: string): string | undefined {
  if (!from || !to) return undefined;
  const ms = Date.parse(to) - Date.parse(from);
  if (Number.isNaN(ms) || ms < 0) return undefined;
  const seconds = Math.round(ms / 1000);
  if (seconds < 1) return '<1s';
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return seconds % 60 ? `${minutes}m ${seconds % 60}s` : `${minutes}m`;
  }
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours}h ${minutes % 60}m` : `${hours}h`;
}

/** A step with the steps that are part of it (a start-order group and its services). */
export interface StepGroup {
  step: OperationStep;
  children: OperationStep[];
}

/**
 * An operation's steps as a tree of one level, in their order: each step
 * without a parent (or whose parent is not among the steps) with the steps
 * whose parent it is.
 */
export function groupSteps(steps: OperationStep[]): StepGroup[] {
  const keys = new Set(steps.map(s => s.key));
  const top = steps.filter(s => !s.parent || !keys.has(s.parent));
  return top.map(step => ({
    step,
    children: steps.filter(s => s !== step && s.parent === step.key),
  }));
}
