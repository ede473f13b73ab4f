import { ConflictError } from '@backstage/errors';
import { OperationKind } from '@berth/plugin-berth-common';
import { NewOperation, StoredOperation } from './OperationStore';

const DEPLOYS: OperationKind[] = [
  'deploy',
  'deploy-service',
  'redeploy-values',
  'rollback',
];

/** What an incoming operation may not queue behind. */
function blocks(active: OperationKind, incoming: OperationKind): boolean {
  if (active === 'delete') return true;
  if (active === 'sleep')
    return incoming === 'wake' || DEPLOYS.includes(incoming);
  if (active === 'wake') return incoming === 'sleep';
  return false;
}

/**
 * Refuses, with 409, an operation that conflicts with one queued or running
 * on the same environment (anything during a delete; a wake while a sleep
 * runs; a sleep while a wake runs; a deploy or rollback while a sleep runs).
 * Others queue behind.
 */
export function environmentConflicts(
  active: StoredOperation[],
  incoming: NewOperation,
): void {
  const blocker = active.find(operation =>
    blocks(operation.kind, incoming.kind),
  );
  if (!blocker) return;
  throw new ConflictError(
    `Cannot ${incoming.kind.replace('-', ' ')} now: operation ${blocker.id} (${
      blocker.title
    }, by ${blocker.actor}) is ${blocker.status}${
      blocker.kind === 'delete' ? ' and deletes the environment' : ''
    }`,
  );
}
