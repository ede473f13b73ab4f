import { ConflictError } from '@backstage/errors';

/** Whether a write failed on a unique constraint (PostgreSQL or SQLite). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    /UNIQUE constraint failed/.test(e?.message ?? '')
  );
}

/**
 * Runs a write; when it fails on a unique constraint (the name is taken),
 * a ConflictError saying `message` instead. Other errors pass as they are.
 */
export function conflictOnDuplicate<T>(
  message: string,
  write: () => Promise<T>,
): Promise<T> {
  return write().catch(error => {
    throw isUniqueViolation(error) ? new ConflictError(message) : error;
  });
}
