import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/**
 * The System ref an action's `project` input names: `system:default/shop`,
 * `default/shop` or `shop`. Another kind is an InputError.
 */
export function projectRefOf(project: string): string {
  let ref;
  try {
    ref = parseEntityRef(project, {
      defaultKind: 'system',
      defaultNamespace: 'default',
    });
  } catch (error) {
    throw new InputError(`'${project}' is not a System reference`);
  }
  if (ref.kind.toLocaleLowerCase('en-US') !== 'system') {
    throw new InputError(
      `'${project}' is not a System (a Berth project is a catalog System)`,
    );
  }
  return stringifyEntityRef(ref);
}
