import { ConflictError } from '@backstage/errors';
import { BerthEnvironment } from '@berth/plugin-berth-common';

/**
 * Refuses what would redeploy or scale a sleeping environment (asleep or
 * waking) with a ConflictError that says how to go on.
 */
export function assertAwake(
  environment: Pick<BerthEnvironment, 'name' | 'sleeping'>,
): void {
  if (environment.sleeping) {
    throw new ConflictError(
      `Environment '${environment.name}' is asleep; wake it first`,
    );
  }
}
