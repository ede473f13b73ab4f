import { ConflictError } from '@backstage/errors';
import { KubernetesObject } from '@kubernetes/client-node';
import { ObjectKind, RoutingObjects } from '../kube/RoutingObjects';

function keyOf(kind: ObjectKind, namespace: string, name: string): string {
  return `${kind.apiVersion}|${kind.kind}|${namespace}|${name}`;
}

function selects(
  selector: string | undefined,
  labels: Record<string, string> = {},
) {
  if (!selector) return true;
  return selector.split(',').every(term => {
    const [key, value] = term.split('=');
    return labels[key] === value;
  });
}

function mergePatchInto(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
    return patch;
  }
  const result: Record<string, unknown> =
    target && typeof target === 'object' && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatchInto(result[key], value);
  }
  return result;
}

/**
 * An in-memory cluster for driver tests: objects by kind, namespace and
 * name, resource versions that change on every write, and a record of the
 * writes made.
 */
export class MemoryRoutingObjects implements RoutingObjects {
  readonly objects = new Map<string, KubernetesObject>();
  readonly writes: string[] = [];
  private version = 1;

  constructor(private readonly served: ObjectKind[]) {}

  /** Puts an object in place, as another client would. */
  put(object: KubernetesObject): void {
    const { namespace = 'default', name = '' } = object.metadata ?? {};
    const stored = JSON.parse(JSON.stringify(object)) as KubernetesObject;
    stored.metadata = {
      ...stored.metadata,
      resourceVersion: String(this.version++),
      creationTimestamp: new Date(
        stored.metadata?.creationTimestamp ?? this.version * 1000,
      ),
    };
    this.objects.set(
      keyOf(
        { apiVersion: object.apiVersion!, kind: object.kind! },
        namespace,
        name,
      ),
      stored,
    );
  }

  get<T extends KubernetesObject>(
    kind: ObjectKind,
    namespace: string,
    name: string,
  ): T | undefined {
    return this.objects.get(keyOf(kind, namespace, name)) as T | undefined;
  }

  async serves(kind: ObjectKind): Promise<boolean> {
    return this.served.some(
      s => s.apiVersion === kind.apiVersion && s.kind === kind.kind,
    );
  }

  async list<T extends KubernetesObject>(
    kind: ObjectKind,
    namespace: string | undefined,
    labelSelector?: string,
  ): Promise<T[]> {
    return [...this.objects.values()].filter(
      object =>
        object.apiVersion === kind.apiVersion &&
        object.kind === kind.kind &&
        (namespace === undefined || object.metadata?.namespace === namespace) &&
        selects(labelSelector, object.metadata?.labels),
    ) as T[];
  }

  async apply<T extends KubernetesObject>(object: T): Promise<T> {
    this.writes.push(
      `apply ${object.kind} ${object.metadata?.namespace}/${object.metadata?.name}`,
    );
    const existing = this.get(
      { apiVersion: object.apiVersion!, kind: object.kind! },
      object.metadata!.namespace!,
      object.metadata!.name!,
    );
    this.put({
      ...object,
      metadata: {
        ...object.metadata,
        creationTimestamp: existing?.metadata?.creationTimestamp,
      },
    });
    return object;
  }

  async mergePatch<T extends KubernetesObject>(patch: T): Promise<T> {
    const kind = { apiVersion: patch.apiVersion!, kind: patch.kind! };
    const {
      namespace = 'default',
      name = '',
      resourceVersion,
    } = patch.metadata ?? {};
    this.writes.push(`patch ${patch.kind} ${namespace}/${name}`);
    const existing = this.get(kind, namespace, name);
    if (!existing) throw new Error(`${name} not found`);
    if (
      resourceVersion &&
      existing.metadata?.resourceVersion !== resourceVersion
    ) {
      throw new ConflictError(`${name} changed`);
    }
    const merged = mergePatchInto(existing, {
      ...patch,
      metadata: { ...patch.metadata, resourceVersion: undefined },
    }) as KubernetesObject;
    this.put(merged);
    return merged as T;
  }

  async delete(kind: ObjectKind, namespace: string, name: string) {
    this.writes.push(`delete ${kind.kind} ${namespace}/${name}`);
    this.objects.delete(keyOf(kind, namespace, name));
  }
}
