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
});
