import { InputError } from '@backstage/errors';
import { parseYamlValue } from '../values/safeYaml';
import { clonePlain } from '../values/plainValues';
import { ManifestVariable } from './types';

/** The largest value of a `yaml` variable, as YAML text or as JSON: 64 KiB. */
export const MAX_YAML_VARIABLE_BYTES = 64 * 1024;

function describe(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  if (typeof value === 'string') {
    return `the string ${JSON.stringify(value)}`;
  }
  if (typeof value === 'object') {
    return 'a mapping';
  }
  return `the ${typeof value} ${String(value)}`;
}

/**
 * Checks a value against a variable's type and returns it as it is used in
 * rendering: a `yaml` value given as text is parsed (with the safe YAML
 * limits) and one given as data is copied. No conversion between types: the
 * string '3' is not a number and 'true' is not a boolean.
 *
 * @param what - names the value in errors, e.g. "manifests: variable 'replicas'"
 */
export function checkVariableValue(
  variable: ManifestVariable,
  value: unknown,
  what: string,
): unknown {
  const refuse = (expected: string): never => {
    throw new InputError(
      `${what} must be ${expected}, but it is ${describe(value)}`,
    );
  };
  switch (variable.type) {
    case 'string':
    case 'secret':
      return typeof value === 'string' ? value : refuse('a string');
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? value
        : refuse('a finite number');
    case 'boolean':
      return typeof value === 'boolean' ? value : refuse('true or false');
    case 'enum': {
      const options = variable.options ?? [];
      if (typeof value !== 'string' || !options.includes(value)) {
        return refuse(
          `one of ${options.map(option => `'${option}'`).join(', ')}`,
        );
      }
      return value;
    }
    case 'yaml':
      return yamlValue(value, what);
    default:
      throw new InputError(
        `${what} has the unknown type '${String(variable.type)}'`,
      );
  }
}

function yamlValue(value: unknown, what: string): unknown {
  if (typeof value === 'string') {
    return parseYamlValue(value, {
      source: what,
      maxBytes: MAX_YAML_VARIABLE_BYTES,
    });
  }
  const copy = clonePlain(value, (problem, path) => {
    throw new InputError(`${what}: ${path ? `at ${path}: ` : ''}${problem}`);
  });
  const size = Buffer.byteLength(JSON.stringify(copy) ?? '', 'utf8');
  if (size > MAX_YAML_VARIABLE_BYTES) {
    throw new InputError(
      `${what} is ${size} bytes long as JSON, more than the limit of ${MAX_YAML_VARIABLE_BYTES} bytes`,
    );
  }
  return copy;
}
