import { InputError } from '@backstage/errors';
import { resolveVariableValues } from './resolveVariableValues';
import { ManifestVariable } from './types';

const variables: ManifestVariable[] = [
  { name: 'replicas', type: 'number', default: 1 },
  { name: 'maxMemory', type: 'string', default: '256mb' },
  { name: 'persistence', type: 'boolean', default: false },
  {
    name: 'logLevel',
    type: 'enum',
    options: ['debug', 'info', 'warn'],
    default: 'info',
  },
  { name: 'extraEnv', type: 'yaml', default: '[]' },
  { name: 'note', type: 'string' },
  { name: 'apiKey', type: 'string', required: true },
];

const source = "manifests of service 'cache'";

function refusal(provided: Record<string, unknown>): string {
  try {
    resolveVariableValues(variables, provided, { source });
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected the values to be refused');
}

describe('resolveVariableValues', () => {
  it('applies defaults, parses yaml values and gives null to optional variables without a value', () => {
    expect(resolveVariableValues(variables, { apiKey: 'k' })).toEqual({
      replicas: 1,
      maxMemory: '256mb',
      persistence: false,
      logLevel: 'info',
      extraEnv: [],
      note: null,
      apiKey: 'k',
    });
  });

  it('takes given values over defaults; null or undefined count as not given', () => {
    expect(
      resolveVariableValues(variables, {
        replicas: 3,
        maxMemory: null,
        persistence: true,
        logLevel: 'debug',
        extraEnv: '- name: A\n  value: "1"\n',
        note: undefined,
        apiKey: 'k',
      }),
    ).toEqual({
      replicas: 3,
      maxMemory: '256mb',
      persistence: true,
      logLevel: 'debug',
      extraEnv: [{ name: 'A', value: '1' }],
      note: null,
      apiKey: 'k',
    });
  });

  it('accepts yaml values given as data and copies them', () => {
    const extraEnv = [{ name: 'B', value: 'x' }];
    const resolved = resolveVariableValues(variables, {
      extraEnv,
      apiKey: 'k',
    });
    expect(resolved.extraEnv).toEqual(extraEnv);
    expect(resolved.extraEnv).not.toBe(extraEnv);
  });

  it.each([
    [
      'replicas',
      { replicas: '3' },
      'variable \'replicas\' must be a finite number, but it is the string "3"',
    ],
    [
      'replicas',
      { replicas: Infinity },
      "variable 'replicas' must be a finite number, but it is the number Infinity",
    ],
    [
      'persistence',
      { persistence: 'true' },
      'variable \'persistence\' must be true or false, but it is the string "true"',
    ],
    [
      'maxMemory',
      { maxMemory: 512 },
      "variable 'maxMemory' must be a string, but it is the number 512",
    ],
    [
      'logLevel',
      { logLevel: 'trace' },
      "variable 'logLevel' must be one of 'debug', 'info', 'warn', but it is the string \"trace\"",
    ],
    [
      'extraEnv',
      { extraEnv: 'a: !!binary aGk=' },
      "variable 'extraEnv': line 1, column 13: the tag !!binary is not allowed",
    ],
    ['extraEnv', { extraEnv: 'a: [1' }, "variable 'extraEnv': line 1, column"],
    [
      'extraEnv',
      { extraEnv: `a: "${'x'.repeat(70_000)}"` },
      "variable 'extraEnv': the text is 70005 bytes long, more than the limit of 65536 bytes",
    ],
    [
      'extraEnv',
      { extraEnv: { when: new Date(0) } },
      "variable 'extraEnv': at when: a value of type Date is not plain data",
    ],
    [
      'extraEnv',
      { extraEnv: ['x'.repeat(70_000)] },
      "variable 'extraEnv' is 70004 bytes long as JSON, more than the limit of 65536 bytes",
    ],
  ])('refuses a bad value of %s', (_name, provided, message) => {
    expect(refusal({ apiKey: 'k', ...provided })).toContain(
      `${source}: ${message}`,
    );
  });

  it('refuses an alias bomb as a yaml value, fast', () => {
    const bomb = [
      'a: &a [x,x,x,x,x,x,x,x,x,x]',
      ...'bcdefghij'
        .split('')
        .map(
          (n, i) =>
            `${n}: &${n} [${Array(10).fill(`*${'abcdefghij'[i]}`).join(',')}]`,
        ),
    ].join('\n');
    const started = Date.now();
    expect(refusal({ apiKey: 'k', extraEnv: bomb })).toContain(
      'is this an alias bomb?',
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses a missing required value and unknown names', () => {
    expect(refusal({})).toBe(
      `${source}: variable 'apiKey' is required, but no value was given`,
    );
    expect(refusal({ replica: 2, colour: 'x' })).toBe(
      `${source}: no variable is named 'replica', 'colour' (the variables are replicas, maxMemory, persistence, logLevel, extraEnv, note, apiKey)`,
    );
  });
});
