import { InputError } from '@backstage/errors';
import {
  OPERATION_STATUSES,
  OperationStatus,
} from '@berth/plugin-berth-common';

/**
 * The `status` filter of the operation lists: comma-separated statuses, each
 * one of OPERATION_STATUSES. The spec declares it a string; the split and the
 * message naming the unknown ones are here.
 */
export function parseOperationStatuses(
  value: string | undefined,
): OperationStatus[] | undefined {
  if (value === undefined) return undefined;
  const statuses = value.split(',');
  const unknown = statuses.filter(
    s => !(OPERATION_STATUSES as readonly string[]).includes(s),
  );
  if (unknown.length > 0) {
    throw new InputError(
      `Invalid query: status: unknown status ${unknown.join(
        ', ',
      )}; one of ${OPERATION_STATUSES.join(', ')}`,
    );
  }
  return statuses as OperationStatus[];
}
