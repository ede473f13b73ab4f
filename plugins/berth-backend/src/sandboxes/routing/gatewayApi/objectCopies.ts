import { BackendRef } from './httpRouteTypes';

/** Filters that name a backend (RequestMirror) keep pointing at the base. */
export function pinFilterNamespaces(
  filters: unknown[] | undefined,
  namespace: string,
): unknown[] | undefined {
  if (!filters) return undefined;
  return filters.map(filter => {
    const mirror = (filter as { requestMirror?: { backendRef?: BackendRef } })
      .requestMirror;
    if (!mirror?.backendRef) return filter;
    return {
      ...(filter as object),
      requestMirror: {
        ...mirror,
        backendRef: {
          ...mirror.backendRef,
          namespace: mirror.backendRef.namespace ?? namespace,
        },
      },
    };
  });
}

/** The object without its undefined fields (an apply sends no nulls). */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as T;
}
