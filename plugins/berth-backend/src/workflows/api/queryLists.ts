import { InputError } from '@backstage/errors';
import {
  WORKFLOW_RUN_STATUSES,
  WorkflowApproval,
  WorkflowRunStatus,
} from '@berth/plugin-berth-common';

export const WORKFLOW_APPROVAL_STATUSES: readonly WorkflowApproval['status'][] =
  ['waiting', 'approved', 'rejected', 'expired', 'cancelled'];

/**
 * A comma-separated list of `allowed` values from the query parameter
 * `field`; undefined when absent. An InputError names the field and the
 * value otherwise.
 */
export function parseQueryList<T extends string>(
  field: string,
  value: string | undefined,
  allowed: readonly T[],
): T[] | undefined {
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map(item => item.trim())
    .filter(Boolean);
  if (items.length === 0) {
    throw new InputError(
      `${field}: give at least one of ${allowed.join(', ')}`,
    );
  }
  for (const item of items) {
    if (!(allowed as readonly string[]).includes(item)) {
      throw new InputError(
        `${field}: '${item}' is not one of ${allowed.join(', ')}`,
      );
    }
  }
  return items as T[];
}

export const parseRunStatuses = (value: string | undefined) =>
  parseQueryList<WorkflowRunStatus>('status', value, WORKFLOW_RUN_STATUSES);

export const parseApprovalStatuses = (value: string | undefined) =>
  parseQueryList<WorkflowApproval['status']>(
    'status',
    value,
    WORKFLOW_APPROVAL_STATUSES,
  );
