import { ConflictError } from '@backstage/errors';
import { KubernetesObject } from '@kubernetes/client-node';
import { ObjectKind, RoutingObjects } from './RoutingObjects';

const VERIFY_ATTEMPTS = 5;
const VERIFY_PAUSE_MS = 100;

async function listAll(
  objects: RoutingObjects,
  kinds: ObjectKind[],
  namespaces: string[],
  selector: string,
): Promise<Array<{ kind: ObjectKind; object: KubernetesObject }>> {
  const found: Array<{ kind: ObjectKind; object: KubernetesObject }> = [];
  for (const kind of kinds) {
    for (const namespace of namespaces) {
      for (const object of await objects.list(kind, namespace, selector)) {
        found.push({ kind, object });
      }
    }
  }
  return found;
}

/**
 * Deletes the objects of `kinds` that `selector` selects in `namespaces`,
 * then lists again until none is left (a ConflictError naming what stays).
 * Returns what was deleted, `<Kind> <namespace>/<name>`.
 */
export async function removeLabelled(
  objects: RoutingObjects,
  kinds: ObjectKind[],
  namespaces: string[],
  selector: string,
): Promise<string[]> {
  const deleted: string[] = [];
  for (let attempt = 0; attempt < VERIFY_ATTEMPTS; attempt++) {
    const left = await listAll(objects, kinds, namespaces, selector);
    if (left.length === 0) return deleted;
    if (attempt > 0) {
      await new Promise(resolve => setTimeout(resolve, VERIFY_PAUSE_MS));
    }
    for (const { kind, object } of left) {
      const { namespace = '', name = '' } = object.metadata ?? {};
      await objects.delete(kind, namespace, name);
      const id = `${kind.kind} ${namespace}/${name}`;
      if (!deleted.includes(id)) deleted.push(id);
    }
  }
  const left = await listAll(objects, kinds, namespaces, selector);
  if (left.length === 0) return deleted;
  throw new ConflictError(
    `Sandbox routes are left after deleting them: ${left
      .map(
        ({ kind, object }) =>
          `${kind.kind} ${object.metadata?.namespace}/${object.metadata?.name}`,
      )
      .join(', ')}`,
  );
}
