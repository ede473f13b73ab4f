import {
  checkValuesAgainstSchema,
  compileValuesSchema,
  validateValuesAgainstSchema,
} from './valuesSchema';

const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  required: ['image'],
  properties: {
    replicaCount: { type: 'integer', minimum: 0 },
    image: {
      type: 'object',
      required: ['repository'],
      additionalProperties: false,
      properties: {
        repository: { type: 'string' },
        tag: { type: 'string' },
        pullPolicy: { enum: ['Always', 'IfNotPresent'] },
      },
    },
    ports: { type: 'array', items: { type: 'integer' } },
  },
};

describe('values.schema.json validation', () => {
  it('accepts values that fit', () => {
    expect(
      checkValuesAgainstSchema(schema, {
        replicaCount: 2,
        image: { repository: 'x', tag: '1' },
      }),
    ).toEqual([]);
    expect(() =>
      validateValuesAgainstSchema(
        schema,
        { image: { repository: 'x' } },
        'values',
      ),
    ).not.toThrow();
    expect(() =>
      validateValuesAgainstSchema(undefined, { any: 1 }, 'values'),
    ).not.toThrow();
  });

  it('names every failing path', () => {
    expect(
      checkValuesAgainstSchema(schema, {
        replicaCount: 'two',
        image: { tag: 3, extra: true, pullPolicy: 'Never' },
        ports: [80, 'http'],
      }),
    ).toEqual(
      expect.arrayContaining([
        { path: 'replicaCount', message: 'must be integer' },
        { path: 'image.repository', message: 'is required' },
        { path: 'image.tag', message: 'must be string' },
        { path: 'image.extra', message: 'is not allowed by the schema' },
        {
          path: 'image.pullPolicy',
          message: 'must be one of "Always", "IfNotPresent"',
        },
        { path: 'ports[1]', message: 'must be integer' },
      ]),
    );
    expect(() =>
      validateValuesAgainstSchema(
        schema,
        { replicaCount: -1 },
        "The values of service 'cart'",
      ),
    ).toThrow(
      /^The values of service 'cart' fail the chart's values.schema.json: image: is required; replicaCount: must be >= 0$/,
    );
  });

  it('reads draft 2020-12 schemas, and refuses invalid ones', () => {
    const modern = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: {
        list: { type: 'array', prefixItems: [{ type: 'string' }] },
      },
    };
    expect(checkValuesAgainstSchema(modern, { list: [1] })).toEqual([
      { path: 'list[0]', message: 'must be string' },
    ]);
    expect(() => compileValuesSchema({ type: 12 })).toThrow(
      /not a valid JSON Schema/,
    );
  });

  it('never fetches remote references', () => {
    expect(() =>
      compileValuesSchema({ $ref: 'https://example.com/schema.json' }),
    ).toThrow(/not a valid JSON Schema/);
  });

  it('runs a catastrophic pattern in linear time: compiled and a hostile value validated in under 100 ms', () => {
    // On the JavaScript engine ^(a+)+$ against 40 a's and a '!' backtracks
    // for minutes; on RE2 it is linear.
    const hostile = {
      type: 'object',
      properties: { name: { type: 'string', pattern: '^(a+)+$' } },
      patternProperties: { '^(x+x+)+y$': { type: 'string' } },
    };
    const started = performance.now();
    const problems = checkValuesAgainstSchema(hostile, {
      name: `${'a'.repeat(40)}!`,
      [`${'x'.repeat(40)}y`]: 1,
    });
    const elapsed = performance.now() - started;
    expect(problems).toEqual([
      { path: 'name', message: 'must match pattern "^(a+)+$"' },
      { path: `${'x'.repeat(40)}y`, message: 'must be string' },
    ]);
    expect(elapsed).toBeLessThan(100);
    expect(checkValuesAgainstSchema(hostile, { name: 'a'.repeat(40) })).toEqual(
      [],
    );
  });

  it('refuses patterns RE2 cannot run (backreferences, lookarounds) as an invalid schema', () => {
    expect(() =>
      compileValuesSchema(
        { type: 'string', pattern: '^(a)\\1$' },
        'values.schema.json of chart x',
      ),
    ).toThrow(/values.schema.json of chart x is not a valid JSON Schema/);
    expect(() =>
      compileValuesSchema({ type: 'string', pattern: '^(?=a)a$' }),
    ).toThrow(/not a valid JSON Schema/);
  });

  it('refuses schemas over the size, depth and pattern length limits', () => {
    let deep: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 100; i++) deep = { properties: { a: deep } };
    expect(() => compileValuesSchema(deep)).toThrow(
      /values.schema.json nests deeper than the limit of 64 levels/,
    );
    const wide = {
      properties: Object.fromEntries(
        Array.from({ length: 20_000 }, (_, i) => [
          `key-${i}`,
          { type: 'string', description: 'x'.repeat(20) },
        ]),
      ),
    };
    expect(() => compileValuesSchema(wide)).toThrow(
      /values.schema.json is \d+ bytes, more than the limit of 524288/,
    );
    expect(() =>
      compileValuesSchema({ type: 'string', pattern: 'a'.repeat(5000) }),
    ).toThrow(/a pattern of 5000 characters, more than the limit of 4096/);
    const many = {
      anyOf: Array.from({ length: 25_000 }, () => ({})),
    };
    expect(() => compileValuesSchema(many)).toThrow(
      /more than 20000 objects and arrays/,
    );
  });
});
