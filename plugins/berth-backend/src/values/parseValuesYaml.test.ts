import { InputError } from '@backstage/errors';
import { parseValuesYaml } from './parseValuesYaml';

const source = "values of service 'cart'";

function refusal(text: string, options = {}): string {
  try {
    parseValuesYaml(text, { source, ...options });
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected the text to be refused');
}

/** The classic "billion laughs": 9 levels of 9 aliases each, 9^9 strings. */
function billionLaughs(): string {
  const lines = [
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ];
  const names = 'abcdefghi';
  for (let i = 1; i < names.length; i++) {
    const previous = `*${names[i - 1]}`;
    lines.push(
      `${names[i]}: &${names[i]} [${Array(9).fill(previous).join(',')}]`,
    );
  }
  return `${lines.join('\n')}\n`;
}

describe('parseValuesYaml', () => {
  it('parses a mapping into plain data', () => {
    const values = parseValuesYaml(
      [
        'replicaCount: 2',
        'image:',
        '  repository: ghcr.io/berth-demo/cart',
        '  tag: "1.0"',
        'env:',
        '  LOG_LEVEL: info',
        '  ENABLED: yes # a string in YAML 1.2',
        'ports: [8080, 9090]',
        'nothing: ~',
        'ratio: 0.5',
        'explicit: !!str 42',
      ].join('\n'),
    );
    expect(values).toEqual({
      replicaCount: 2,
      image: { repository: 'ghcr.io/berth-demo/cart', tag: '1.0' },
      env: { LOG_LEVEL: 'info', ENABLED: 'yes' },
      ports: [8080, 9090],
      nothing: null,
      ratio: 0.5,
      explicit: '42',
    });
    expect(Object.getPrototypeOf(values)).toBe(Object.prototype);
  });

  it('gives an empty object for an empty text or one of comments only', () => {
    expect(parseValuesYaml('')).toEqual({});
    expect(parseValuesYaml('# nothing here\n\n')).toEqual({});
    expect(parseValuesYaml('---\n')).toEqual({});
  });

  it('expands anchors, aliases and merge keys into unshared copies', () => {
    const values = parseValuesYaml(
      [
        'defaults: &defaults',
        '  cpu: 100m',
        '  memory: 64Mi',
        'limits:',
        '  <<: *defaults',
        '  memory: 128Mi',
        'requests: *defaults',
      ].join('\n'),
    );
    expect(values).toEqual({
      defaults: { cpu: '100m', memory: '64Mi' },
      limits: { cpu: '100m', memory: '128Mi' },
      requests: { cpu: '100m', memory: '64Mi' },
    });
    expect(values.requests).not.toBe(values.defaults);
  });

  it('keeps a __proto__ key as data, without touching prototypes', () => {
    const values = parseValuesYaml('__proto__: { polluted: true }\n');
    expect(Object.keys(values)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((values as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('refuses invalid YAML with its line and column', () => {
    expect(refusal('image:\n  repository: [a, b\ntag: 1\n')).toMatch(
      /^values of service 'cart': line \d+, column \d+: .*(flow|sequence|\])/i,
    );
    expect(refusal('a: 1\n  b: 2\n')).toBe(
      "values of service 'cart': line 1, column 4: Nested mappings are not allowed in compact mappings",
    );
  });

  it('refuses a top level that is not a mapping', () => {
    expect(refusal('- a\n- b\n')).toBe(
      "values of service 'cart': line 1, column 1: the top level must be a mapping of keys to values, not a list",
    );
    expect(refusal('just text\n')).toBe(
      'values of service \'cart\': line 1, column 1: the top level must be a mapping of keys to values, not the string "just text"',
    );
  });

  it('refuses more than one document', () => {
    expect(refusal('a: 1\n---\nb: 2\n')).toBe(
      "values of service 'cart': line 2, column 1: a values file holds one YAML document, but this text has 2",
    );
  });

  it('refuses duplicate keys', () => {
    expect(refusal('image:\n  tag: a\n  tag: b\n')).toBe(
      "values of service 'cart': line 3, column 3: the key 'tag' appears more than once in the same mapping (first on line 2)",
    );
    expect(refusal('ports:\n  1: http\n  "1": https\n')).toContain(
      "line 3, column 3: the key '1' appears more than once",
    );
    expect(refusal('a: {x: 1, x: 2}\n')).toContain(
      "line 1, column 11: the key 'x' appears more than once",
    );
  });

  it('refuses custom and non-core tags', () => {
    expect(refusal('a: 1\nb: !secret x\n')).toBe(
      "values of service 'cart': line 2, column 12: the tag !secret is not allowed; only plain YAML data is",
    );
    expect(refusal('blob: !!binary aGk=\n')).toBe(
      "values of service 'cart': line 1, column 16: the tag !!binary is not allowed; only plain YAML data is",
    );
    expect(refusal('when: !!timestamp 2001-12-14\n')).toContain(
      'the tag !!timestamp is not allowed',
    );
  });

  it('refuses collections as keys, unknown aliases and recursive aliases', () => {
    expect(refusal('? [a, b]\n: c\n')).toBe(
      "values of service 'cart': line 1, column 3: a mapping key must be a plain scalar, not a collection or an alias",
    );
    expect(refusal('a: *nowhere\n')).toBe(
      "values of service 'cart': line 1, column 4: alias *nowhere refers to no anchor before it",
    );
    expect(refusal('a: &loop [1, *loop]\n')).toBe(
      "values of service 'cart': line 1, column 14: alias *loop refers to a node that contains it",
    );
  });

  it('refuses a text over the byte limit, counting UTF-8 bytes', () => {
    expect(refusal(`a: "${'x'.repeat(100)}"\n`, { maxBytes: 64 })).toBe(
      "values of service 'cart': the text is 106 bytes long, more than the limit of 64 bytes",
    );
    expect(refusal(`a: ${'é'.repeat(40)}\n`, { maxBytes: 64 })).toContain(
      'the text is 84 bytes long',
    );
    expect(parseValuesYaml(`a: ${'x'.repeat(60)}`, { maxBytes: 64 })).toEqual({
      a: 'x'.repeat(60),
    });
    expect(refusal('a: 1\n'.padEnd(256 * 1024 + 1, '#'))).toContain(
      'more than the limit of 262144 bytes',
    );
  });

  it('refuses a billion-laughs alias bomb, fast', () => {
    const bomb = billionLaughs();
    expect(bomb.length).toBeLessThan(1000);
    const started = Date.now();
    expect(refusal(bomb)).toMatch(
      /^values of service 'cart': line \d+, column \d+: the data would exceed 1048576 bytes once its aliases are expanded; is this an alias bomb\?$/,
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses moderate alias expansion beyond the expanded-size cap', () => {
    const text = [
      `big: &big "${'x'.repeat(1000)}"`,
      `copies: [${Array(20).fill('*big').join(', ')}]`,
    ].join('\n');
    expect(refusal(text, { maxExpandedBytes: 10_000 })).toContain(
      'the data would exceed 10000 bytes once its aliases are expanded',
    );
    expect(
      (parseValuesYaml(text, { maxExpandedBytes: 30_000 }).copies as string[])
        .length,
    ).toBe(20);
  });

  it("refuses more aliases than the yaml package's maxAliasCount", () => {
    const text = [
      'a: &a 1',
      ...Array.from({ length: 120 }, (_, i) => `k${i}: *a`),
    ].join('\n');
    expect(refusal(text)).toContain(
      'Excessive alias count indicates a resource exhaustion attack',
    );
  });

  it('refuses nesting deeper than 100 levels', () => {
    const deep = `a: ${'['.repeat(150)}${']'.repeat(150)}\n`;
    expect(refusal(deep)).toContain('the data nests more than 100 levels deep');
    const viaAlias = `a: &a ${'['.repeat(60)}${']'.repeat(60)}\nb: ${'['.repeat(
      60,
    )}*a${']'.repeat(60)}\n`;
    expect(refusal(viaAlias)).toContain(
      'the data nests more than 100 levels deep',
    );
  });

  it('refuses numbers that are not finite', () => {
    expect(refusal('a:\n  b: .inf\n')).toBe(
      "values of service 'cart': at a.b: Infinity is not a finite number",
    );
  });

  it('names the text "values" when no source is given', () => {
    expect(() => parseValuesYaml('- 1')).toThrow(
      'values: line 1, column 1: the top level must be a mapping',
    );
  });
});
