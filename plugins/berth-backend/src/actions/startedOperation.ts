import { BerthOperation } from '@berth/plugin-berth-common';

/** A started operation as the destructive actions answer it. */
export function startedOperation(
  environmentId: string,
  operation: BerthOperation,
) {
  return {
    operationId: operation.id,
    environmentId,
    status: operation.status,
    title: operation.title,
  };
}
