import { Timestamp, toIsoString } from '../../database/timestamps';

export type { Timestamp } from '../../database/timestamps';

/** Parses a JSON text column; `fallback` when null. */
export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === '') return fallback;
  return JSON.parse(text) as T;
}

export function iso(value: Timestamp | null | undefined): string | undefined {
  return value === null || value === undefined ? undefined : toIsoString(value);
}

export { isUniqueViolation } from '../../database/uniqueViolation';

export const MAX_MESSAGE = 4000;

export function clip(text: string | undefined | null): string | null {
  return text === undefined || text === null
    ? null
    : text.slice(0, MAX_MESSAGE);
}

export const TABLES = {
  workflows: 'berth_workflows',
  revisions: 'berth_workflow_revisions',
  runs: 'berth_workflow_runs',
  jobRuns: 'berth_workflow_job_runs',
  approvals: 'berth_workflow_approvals',
} as const;
