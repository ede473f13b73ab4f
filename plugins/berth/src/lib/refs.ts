import { parseEntityRef } from '@backstage/catalog-model';
import { ProjectRef } from '@berth/plugin-berth-common';

/** `system:default/shop` (or `default/shop`, `shop`) as the API's `{ namespace, name }`. */
export function toProjectRef(ref: string, defaultKind = 'system'): ProjectRef {
  const { namespace, name } = parseEntityRef(ref, {
    defaultKind,
    defaultNamespace: 'default',
  });
  return { namespace, name };
}

/** The short name of an entity ref, e.g. `shop` for `system:default/shop`. */
export function refName(ref: string): string {
  try {
    return parseEntityRef(ref).name;
  } catch {
    return ref;
  }
}
