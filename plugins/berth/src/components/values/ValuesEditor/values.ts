import validator from '@rjsf/validator-ajv8';
import { formSchema } from '../../common/SchemaForm/SchemaForm';
import { parse, stringify } from 'yaml';

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
