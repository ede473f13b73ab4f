import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { ProjectRef } from '@berth/plugin-berth-common';

/**
 * A Berth project from a System entity ref as templates give it
 * (`system:default/shop`, `default/shop` or `shop`); any other kind is
 * refused.
 */
export function projectRefOf(system: string): ProjectRef & { ref: string } {
  let parsed;
  try {
    parsed = parseEntityRef(system, {
      defaultKind: 'system',
      defaultNamespace: 'default',
    });
  } catch (error) {
    throw new InputError(
      `'${system}' is not a System entity ref: ${(error as Error).message}`,
    );
  }
  if (parsed.kind.toLocaleLowerCase('en-US') !== 'system') {
    throw new InputError(
      `A Berth project is a System; '${system}' is a ${parsed.kind}`,
    );
  }
  return {
    namespace: parsed.namespace,
    name: parsed.name,
    ref: stringifyEntityRef(parsed),
  };
}
