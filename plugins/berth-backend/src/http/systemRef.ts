import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

const NAME = /^[a-zA-Z0-9]([-_.a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$/;

/** The entity ref of the System a URL's `:namespace/:name` names. */
export function systemRef(namespace: string, name: string): string {
  if (!NAME.test(namespace) || !NAME.test(name)) {
    throw new InputError(`'${namespace}/${name}' is not a valid System name`);
  }
  return stringifyEntityRef({ kind: 'System', namespace, name });
}
