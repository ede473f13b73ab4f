import { InputError } from '@backstage/errors';
import Ajv, { CodeOptions, ErrorObject, ValidateFunction } from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import { createHash } from 'node:crypto';
import RE2 from 're2';
import { assertSchemaWithinLimits } from './schemaLimits';

/** One way values fail a chart's schema. */
export interface SchemaProblem {
  /** Dotted path of the value, e.g. `image.tag`; '' for the top level. */
  path: string;
  message: string;
}

const options = {
  allErrors: true,
  strict: false,
  validateFormats: false,
  // Schemas come from charts: never fetch or compile remote references.
  loadSchema: undefined,
  // Untrusted `pattern`s and `patternProperties` run on RE2, in linear
  // time: a catastrophic pattern such as ^(a+)+$ cannot stall the event
  // loop (RE2 refuses backreferences and lookarounds: InputError on compile).
  code: { regExp: RE2 as unknown as NonNullable<CodeOptions['regExp']> },
} as const;
const draft7 = new Ajv(options);
const draft2019 = new Ajv2019(options);
const draft2020 = new Ajv2020(options);

const compiled = new Map<string, ValidateFunction>();
const MAX_COMPILED = 200;

function ajvFor(schema: Record<string, unknown>) {
  const dialect = String(schema.$schema ?? '');
  if (dialect.includes('2020-12')) return draft2020;
  if (dialect.includes('2019-09')) return draft2019;
  return draft7;
}

/**
 * Compiles a chart's values.schema.json (draft-07, 2019-09 or 2020-12),
 * cached by content; InputError when it is not a valid JSON Schema or is
 * over the size, depth or pattern length limits (see schemaLimits).
 */
export function compileValuesSchema(
  schema: Record<string, unknown>,
  source = 'values.schema.json',
): ValidateFunction {
  const text = JSON.stringify(schema);
  const key = createHash('sha256').update(text).digest('hex');
  const cached = compiled.get(key);
  if (cached) return cached;
  assertSchemaWithinLimits(schema, text, source);
  let validate: ValidateFunction;
  try {
    // Compiled without adding to the instance, so `$id`s never collide.
    const { $id: _id, ...anonymous } = schema;
    validate = ajvFor(schema).compile(anonymous);
  } catch (error) {
    throw new InputError(
      `${source} is not a valid JSON Schema: ${(error as Error).message}`,
    );
  }
  if (compiled.size >= MAX_COMPILED) {
    compiled.delete(compiled.keys().next().value!);
  }
  compiled.set(key, validate);
  return validate;
}

function toPath(error: ErrorObject): string {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'required') {
    segments.push(String(error.params.missingProperty));
  } else if (error.keyword === 'additionalProperties') {
    segments.push(String(error.params.additionalProperty));
  }
  return segments
    .map((s, i) => {
      if (/^\d+$/.test(s)) return `[${s}]`;
      return i === 0 ? s : `.${s}`;
    })
    .join('');
}

function toMessage(error: ErrorObject): string {
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not allowed by the schema';
    case 'enum':
      return `must be one of ${(error.params.allowedValues as unknown[])
        .map(v => JSON.stringify(v))
        .join(', ')}`;
    default:
      return error.message ?? error.keyword;
  }
}

/** The ways `values` fail `schema` (none: valid). */
export function checkValuesAgainstSchema(
  schema: Record<string, unknown>,
  values: unknown,
): SchemaProblem[] {
  const validate = compileValuesSchema(schema);
  if (validate(values)) return [];
  const seen = new Set<string>();
  const problems: SchemaProblem[] = [];
  for (const error of validate.errors ?? []) {
    const problem = { path: toPath(error), message: toMessage(error) };
    const key = `${problem.path} ${problem.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(problem);
    }
  }
  return problems;
}

/**
 * Refuses values that fail a chart's values.schema.json with an InputError
 * naming each path, e.g. "values of service 'cart' fail the chart's schema:
 * replicaCount: must be integer; image.tag: is required".
 */
export function validateValuesAgainstSchema(
  schema: Record<string, unknown> | undefined,
  values: unknown,
  source: string,
): void {
  if (!schema) return;
  const problems = checkValuesAgainstSchema(schema, values);
  if (problems.length === 0) return;
  const listed = problems
    .slice(0, 10)
    .map(p => `${p.path || '(top level)'}: ${p.message}`)
    .join('; ');
  throw new InputError(
    `${source} fail the chart's values.schema.json: ${listed}${
      problems.length > 10 ? ` (and ${problems.length - 10} more)` : ''
    }`,
  );
}
