import { InputError } from '@backstage/errors';
import { validateVariableDefinitions } from './validateVariableDefinitions';

const text = [
  'replicas: {{ .replicas }}',
  'level: {{ .logLevel }}',
  'env: {{ .extraEnv }}',
].join('\n');

const variables = [
  { name: 'replicas', type: 'number', default: 1, description: 'Pods' },
  {
    name: 'logLevel',
    type: 'enum',
    options: ['debug', 'info'],
    default: 'info',
  },
  { name: 'extraEnv', type: 'yaml', default: '- name: A\n  value: "1"\n' },
  { name: 'unusedFlag', type: 'boolean', default: false },
  { name: 'apiKey', type: 'string', required: true },
];

function refusal(defs: unknown, manifest = ''): string {
  try {
    validateVariableDefinitions(defs, manifest, { source: 'cache.yaml' });
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected the definitions to be refused');
}

describe('validateVariableDefinitions', () => {
  it('accepts good definitions and reports the unused ones', () => {
    expect(validateVariableDefinitions(variables, text)).toEqual({
      variables,
      unused: ['unusedFlag', 'apiKey'],
    });
  });

  it('accepts no definitions for a text without placeholders', () => {
    expect(validateVariableDefinitions(undefined, 'a: 1')).toEqual({
      variables: [],
      unused: [],
    });
  });

  it('refuses placeholders of undefined variables, saying where', () => {
    expect(
      refusal(
        variables.slice(0, 1),
        'a: {{ .replicas }}\nb: {{ .nope }}\nc: {{ .nix }}',
      ),
    ).toBe(
      'cache.yaml: line 2: {{ .nope }} uses a variable that is not defined (undefined: nope, nix; defined: replicas)',
    );
  });

  it.each([
    [{}, 'cache.yaml: the variables must be a list of definitions'],
    [['x'], 'cache.yaml: variable #1 must be a mapping with name and type'],
    [[{ type: 'string' }], 'cache.yaml: variable #1 has no name'],
    [
      [{ name: 'max-memory', type: 'string' }],
      "cache.yaml: variable 'max-memory': the name must be an identifier of at most 63 characters",
    ],
    [
      [{ name: 'a', type: 'int' }],
      'cache.yaml: variable \'a\': the type must be one of string, number, boolean, enum, yaml, secret, not "int"',
    ],
    [
      [{ name: 'a', type: 'string', defualt: 'x' }],
      "cache.yaml: variable 'a': unknown field 'defualt' (the fields are name, type, description, default, options, required)",
    ],
    [
      [
        { name: 'a', type: 'string' },
        { name: 'a', type: 'number' },
      ],
      "cache.yaml: variable 'a' is defined more than once",
    ],
    [
      [{ name: 'a', type: 'enum' }],
      "cache.yaml: variable 'a': an enum variable needs options, a list of non-empty strings",
    ],
    [
      [{ name: 'a', type: 'enum', options: [] }],
      "cache.yaml: variable 'a': an enum variable needs options",
    ],
    [
      [{ name: 'a', type: 'enum', options: ['x', 'y', 'x'] }],
      "cache.yaml: variable 'a': the option 'x' is listed twice",
    ],
    [
      [{ name: 'a', type: 'string', options: ['x'] }],
      "cache.yaml: variable 'a': only enum variables have options, but this one is of type string",
    ],
    [
      [{ name: 'a', type: 'number', default: '3' }],
      'cache.yaml: variable \'a\': the default must be a finite number, but it is the string "3"',
    ],
    [
      [{ name: 'a', type: 'boolean', default: 'true' }],
      'cache.yaml: variable \'a\': the default must be true or false, but it is the string "true"',
    ],
    [
      [{ name: 'a', type: 'string', default: 5 }],
      "cache.yaml: variable 'a': the default must be a string, but it is the number 5",
    ],
    [
      [{ name: 'a', type: 'enum', options: ['x'], default: 'z' }],
      "cache.yaml: variable 'a': the default must be one of 'x', but it is the string \"z\"",
    ],
    [
      [{ name: 'a', type: 'yaml', default: 'a: [1' }],
      "cache.yaml: variable 'a': the default: line 1, column",
    ],
    [
      [{ name: 'a', type: 'string', required: true, default: 'x' }],
      "cache.yaml: variable 'a': a required variable cannot have a default; drop one or the other",
    ],
    [
      [{ name: 'a', type: 'string', required: 'yes' }],
      "cache.yaml: variable 'a': required must be true or false",
    ],
    [
      [{ name: 'a', type: 'string', description: 3 }],
      "cache.yaml: variable 'a': the description must be a string",
    ],
  ])('refuses %j', (defs, message) => {
    expect(refusal(defs)).toContain(message);
  });
});
