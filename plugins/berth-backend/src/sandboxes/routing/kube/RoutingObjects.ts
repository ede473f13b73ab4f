import { KubernetesObject } from '@kubernetes/client-node';

/** An object's kind and place, for listing and deleting. */
export interface ObjectKind {
  apiVersion: string;
  kind: string;
}

/**
 * What a routing driver reads and writes in one cluster: a narrow view of
 * the Kubernetes API, so drivers are tested against an in-memory double.
 * Failures are `@backstage/errors` errors naming the object.
 */
export interface RoutingObjects {
  /** Whether the cluster serves the kind (its CRD is installed). */
  serves(kind: ObjectKind): Promise<boolean>;
  /** The objects of a kind in a namespace (every namespace: `undefined`). */
  list<T extends KubernetesObject>(
    kind: ObjectKind,
    namespace: string | undefined,
    labelSelector?: string,
  ): Promise<T[]>;
  /** Server-side apply with field manager `berth` (taking over conflicts). */
  apply<T extends KubernetesObject>(object: T): Promise<T>;
  /**
   * A JSON merge patch; with `metadata.resourceVersion` set, it fails with a
   * ConflictError when the object changed since it was read.
   */
  mergePatch<T extends KubernetesObject>(patch: T): Promise<T>;
  /** Deletes an object; one already gone is no error. */
  delete(kind: ObjectKind, namespace: string, name: string): Promise<void>;
}

/** How a driver reaches a cluster's objects, by the cluster's name. */
export type RoutingObjectsForCluster = (cluster: string) => RoutingObjects;
