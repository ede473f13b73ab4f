import validator from '@rjsf/validator-ajv8';
import { formSchema } from '../../common/SchemaForm/SchemaForm';
import { SECRET_VALUE_MASK } from '@berth/plugin-berth-common';
import { isMap, isScalar, parse, parseDocument, stringify } from 'yaml';

/** A parsed YAML mapping of Helm values. */
export type Values = Record<string, unknown>;

function isMapping(value: unknown): value is Values {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The YAML text as a values mapping; empty or not a mapping gives undefined. */
export function parseValues(text: string): Values | undefined {
  if (!text.trim()) return {};
  try {
    const parsed = parse(text, { maxAliasCount: 100 });
    if (parsed === null || parsed === undefined) return {};
    return isMapping(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Values as YAML; no values is the empty text. */
export function valuesText(values: Values): string {
  return Object.keys(values).length ? stringify(values) : '';
}

/** `overrides` on top of `base`, as Helm merges values files (mappings deeply, the rest replaced). */
export function mergeValues(base: Values, overrides: Values): Values {
  const merged: Values = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const under = merged[key];
    merged[key] =
      isMapping(under) && isMapping(value) ? mergeValues(under, value) : value;
  }
  return merged;
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The smallest overrides that turn `base` into `full`: what the form changed,
 * without repeating the chart's defaults.
 */
export function overridesOf(full: Values, base: Values): Values {
  const overrides: Values = {};
  for (const [key, value] of Object.entries(full)) {
    const under = base[key];
    if (value === undefined || equal(value, under)) continue;
    if (isMapping(value) && isMapping(under)) {
      const nested = overridesOf(value, under);
      if (Object.keys(nested).length) overrides[key] = nested;
    } else {
      overrides[key] = value;
    }
  }
  return overrides;
}

/**
 * Why the values fail the chart's `values.schema.json`, one message per
 * problem, e.g. `replicaCount: must be >= 1`; empty when they pass.
 */
export function schemaProblems(schema: object, values: Values): string[] {
  const { errors } = validator.validateFormData(values, formSchema(schema));
  return errors.map(e => {
    const where = (e.property ?? '').replace(/^\./, '');
    return where ? `${where}: ${e.message}` : e.stack;
  });
}

/** The key of the form that marks a value secret: `password: { $secret: s3cret }`. */
export const SECRET_MARKER = '$secret';

function pathSegments(path: string): Array<string | number> {
  const segments = path.split('.').map(s => s.trim());
  if (!path.trim() || segments.some(s => s === '')) {
    throw new Error(`'${path}' is not a values path (e.g. auth.password)`);
  }
  return segments.map(s => (/^\d+$/.test(s) ? Number(s) : s));
}

/**
 * The values text with the value at `path` (dotted, e.g. `auth.password`)
 * marked secret as `{ $secret: value }`, comments kept. Without a new
 * value, the value already there is marked; a value already secret (shown
 * as the mask) or a mapping cannot be.
 */
export function markSecret(text: string, path: string, value?: string) {
  const segments = pathSegments(path);
  const doc = parseDocument(text);
  if (doc.errors.length) throw new Error('The values are not valid YAML');
  if (doc.contents !== null && !isMap(doc.contents)) {
    throw new Error('The values are not a YAML mapping');
  }
  let secret: unknown = value;
  if (secret === undefined || secret === '') {
    const node = doc.getIn(segments, true);
    if (!isScalar(node) || node.value === null || node.value === undefined) {
      throw new Error(
        `${path} has no value to mark secret; give the secret value`,
      );
    }
    if (node.value === SECRET_VALUE_MASK) {
      throw new Error(`${path} is already secret`);
    }
    secret = node.value;
  }
  doc.setIn(segments, doc.createNode({ [SECRET_MARKER]: secret }));
  return doc.toString();
}

/**
 * Where the values hold secrets: those stored (which the server shows as
 * the mask) and those marked `{ $secret: ... }` and not saved yet.
 */
export function secretPaths(
  text: string,
): Array<{ path: string; stored: boolean }> {
  const values = parseValues(text);
  const found: Array<{ path: string; stored: boolean }> = [];
  const visit = (value: unknown, path: string[]) => {
    if (value === SECRET_VALUE_MASK) {
      found.push({ path: path.join('.'), stored: true });
    } else if (
      isMapping(value) &&
      Object.keys(value).length === 1 &&
      Object.hasOwn(value, SECRET_MARKER)
    ) {
      found.push({ path: path.join('.'), stored: false });
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, [...path, String(i)]));
    } else if (isMapping(value)) {
      for (const [k, item] of Object.entries(value)) visit(item, [...path, k]);
    }
  };
  visit(values ?? {}, []);
  return found;
}
