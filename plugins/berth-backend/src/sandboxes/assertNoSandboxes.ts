import { ConflictError } from '@backstage/errors';
import { SandboxStore } from './SandboxStore';

/**
 * ConflictError (409) naming the sandboxes of an environment, when it is the
 * base of some: it cannot be deleted until they are.
 */
export async function assertNoSandboxes(
  store: Pick<SandboxStore, 'list'>,
  environmentId: string,
): Promise<void> {
  const sandboxes = await store.list({ baseEnvironmentId: environmentId });
  if (sandboxes.length > 0) {
    throw new ConflictError(
      `The environment is the base of sandbox(es) ${sandboxes
        .map(s => `'${s.name}' (by ${s.createdBy})`)
        .join(', ')}: delete them first`,
    );
  }
}
