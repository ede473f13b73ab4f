import { InputError } from '@backstage/errors';
import { hasOwn, isPlainObject, setOwn } from '../values/plainValues';
import { ManifestVariable, ManifestVariableValue } from './types';
import { checkVariableValue } from './variableValue';

/**
 * Resolves the values of a manifests service's variables (definitions as
 * checked by validateVariableDefinitions): a given value is checked against
 * its variable's type without conversion (the string '3' is not a number,
 * an enum value must be one of the options, a `yaml` value must parse
 * safely); a variable without a given value (undefined or null) takes its
 * default; a required one without a value is refused; an optional one
 * without default or value is null. Values for unknown variables are refused.
 */
export function resolveVariableValues(
  variables: readonly ManifestVariable[],
  provided: Readonly<Record<string, unknown>> | undefined,
  options: { source?: string } = {},
): Record<string, ManifestVariableValue> {
  const source = options.source ?? 'manifests';
  const given = provided ?? {};
  if (!isPlainObject(given)) {
    throw new InputError(
      `${source}: the variable values must be a mapping of name to value`,
    );
  }
  const known = new Set(variables.map(variable => variable.name));
  const unknown = Object.keys(given).filter(name => !known.has(name));
  if (unknown.length > 0) {
    throw new InputError(
      `${source}: no variable is named ${unknown
        .map(name => `'${name}'`)
        .join(', ')} (the variables are ${[...known].join(', ') || 'none'})`,
    );
  }
  const resolved: Record<string, ManifestVariableValue> = {};
  for (const variable of variables) {
    const what = `${source}: variable '${variable.name}'`;
    const value = hasOwn(given, variable.name)
      ? given[variable.name]
      : undefined;
    if (value !== undefined && value !== null) {
      setOwn(
        resolved,
        variable.name,
        checkVariableValue(variable, value, what),
      );
    } else if (variable.required) {
      throw new InputError(`${what} is required, but no value was given`);
    } else if (variable.default !== undefined && variable.default !== null) {
      setOwn(
        resolved,
        variable.name,
        checkVariableValue(variable, variable.default, `${what}: the default`),
      );
    } else {
      setOwn(resolved, variable.name, null);
    }
  }
  return resolved;
}
