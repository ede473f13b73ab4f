import { InputError } from '@backstage/errors';
import { isPlainObject } from '../values/plainValues';
import { findPlaceholders } from './placeholders';
import {
  MANIFEST_VARIABLE_TYPES,
  ManifestVariable,
  ManifestVariableType,
} from './types';
import { checkVariableValue } from './variableValue';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_NAME_LENGTH = 63;
const FIELDS = [
  'name',
  'type',
  'description',
  'default',
  'options',
  'required',
];

/** The checked variables of a manifests text and those the text never uses. */
export interface ValidatedVariables {
  variables: ManifestVariable[];
  /** Names of defined variables that no placeholder uses, in definition order. */
  unused: string[];
}

/**
 * Checks the variable definitions of a manifests service against its text:
 * a list of definitions with identifier names, known types, no duplicates,
 * options (distinct strings) on enums and only there, defaults of the
 * variable's type (an enum default among its options), no default on a
 * required variable, no unknown fields; and every `{{ .name }}` placeholder
 * of the text defined. Returns the variables (copied) and the names of the
 * unused ones. Throws InputError naming `options.source` and the variable.
 */
export function validateVariableDefinitions(
  definitions: unknown,
  text: string,
  options: { source?: string } = {},
): ValidatedVariables {
  const source = options.source ?? 'manifests';
  const list = definitions ?? [];
  if (!Array.isArray(list)) {
    throw new InputError(
      `${source}: the variables must be a list of definitions`,
    );
  }
  const variables: ManifestVariable[] = [];
  const seen = new Set<string>();
  list.forEach((definition: unknown, index: number) => {
    const variable = checkDefinition(definition, index, source);
    if (seen.has(variable.name)) {
      throw new InputError(
        `${source}: variable '${variable.name}' is defined more than once`,
      );
    }
    seen.add(variable.name);
    variables.push(variable);
  });

  const uses = findPlaceholders(text, source);
  const undefinedUses = uses.filter(use => !seen.has(use.name));
  if (undefinedUses.length > 0) {
    const names = [...new Set(undefinedUses.map(use => use.name))];
    const first = undefinedUses[0];
    throw new InputError(
      `${source}: line ${first.line}: {{ .${
        first.name
      } }} uses a variable that is not defined (undefined: ${names.join(
        ', ',
      )}; defined: ${variables.map(v => v.name).join(', ') || 'none'})`,
    );
  }
  const used = new Set(uses.map(use => use.name));
  return {
    variables,
    unused: variables.map(v => v.name).filter(name => !used.has(name)),
  };
}

function checkDefinition(
  definition: unknown,
  index: number,
  source: string,
): ManifestVariable {
  if (!isPlainObject(definition)) {
    throw new InputError(
      `${source}: variable #${index + 1} must be a mapping with name and type`,
    );
  }
  const name = definition.name;
  if (typeof name !== 'string' || name === '') {
    throw new InputError(`${source}: variable #${index + 1} has no name`);
  }
  const what = `${source}: variable '${name}'`;
  if (!IDENTIFIER.test(name) || name.length > MAX_NAME_LENGTH) {
    throw new InputError(
      `${what}: the name must be an identifier of at most ${MAX_NAME_LENGTH} characters: a letter or '_', then letters, digits or '_'`,
    );
  }
  for (const field of Object.keys(definition)) {
    if (!FIELDS.includes(field)) {
      throw new InputError(
        `${what}: unknown field '${field}' (the fields are ${FIELDS.join(
          ', ',
        )})`,
      );
    }
  }
  const type = definition.type;
  if (!MANIFEST_VARIABLE_TYPES.includes(type as ManifestVariableType)) {
    throw new InputError(
      `${what}: the type must be one of ${MANIFEST_VARIABLE_TYPES.join(
        ', ',
      )}, not ${JSON.stringify(type) ?? 'nothing'}`,
    );
  }
  const variable: ManifestVariable = {
    name,
    type: type as ManifestVariableType,
  };
  if (definition.description !== undefined) {
    if (typeof definition.description !== 'string') {
      throw new InputError(`${what}: the description must be a string`);
    }
    variable.description = definition.description;
  }
  if (definition.required !== undefined) {
    if (typeof definition.required !== 'boolean') {
      throw new InputError(`${what}: required must be true or false`);
    }
    variable.required = definition.required;
  }
  if (variable.type === 'enum') {
    variable.options = checkOptions(definition.options, what);
  } else if (definition.options !== undefined) {
    throw new InputError(
      `${what}: only enum variables have options, but this one is of type ${variable.type}`,
    );
  }
  if (definition.default !== undefined) {
    if (variable.type === 'secret') {
      throw new InputError(
        `${what}: a secret variable cannot have a default (the service's definition is not sealed); give its value per environment`,
      );
    }
    if (variable.required) {
      throw new InputError(
        `${what}: a required variable cannot have a default; drop one or the other`,
      );
    }
    checkVariableValue(variable, definition.default, `${what}: the default`);
    variable.default = definition.default;
  }
  return variable;
}

function checkOptions(options: unknown, what: string): string[] {
  if (
    !Array.isArray(options) ||
    options.length === 0 ||
    options.some(option => typeof option !== 'string' || option === '')
  ) {
    throw new InputError(
      `${what}: an enum variable needs options, a list of non-empty strings`,
    );
  }
  const distinct = new Set(options);
  if (distinct.size !== options.length) {
    const duplicate = options.find(
      (option, i) => options.indexOf(option) !== i,
    );
    throw new InputError(`${what}: the option '${duplicate}' is listed twice`);
  }
  return [...options];
}
