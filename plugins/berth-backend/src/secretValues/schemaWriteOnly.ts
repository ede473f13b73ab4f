import { ValuePathSegment } from '../values/valuePath';

type Schema = Record<string, unknown>;

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The subschemas that may apply one step down from `schema`. */
function childSchemas(schema: Schema, segment: ValuePathSegment): Schema[] {
  const children: unknown[] = [];
  if (typeof segment === 'number') {
    const items = schema.items;
    children.push(...(Array.isArray(items) ? items : [items]));
  } else {
    const properties = schema.properties;
    if (isSchema(properties) && Object.hasOwn(properties, segment)) {
      children.push(properties[segment]);
    } else {
      children.push(schema.additionalProperties);
    }
  }
  return children.filter(isSchema);
}

/** A schema and the branches (allOf, anyOf, oneOf) that also describe the value. */
function branches(schema: Schema, depth = 0): Schema[] {
  if (depth > 10) return [schema];
  const all = [schema];
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    const list = schema[key];
    if (Array.isArray(list)) {
      for (const item of list.filter(isSchema)) {
        all.push(...branches(item, depth + 1));
      }
    }
  }
  return all;
}

/**
 * Whether a values.schema.json marks the value at `path`, or a value around
 * it, `writeOnly: true` (in `properties`, `additionalProperties`, `items`,
 * and the branches of `allOf`, `anyOf`, `oneOf`; `$ref` is not followed).
 */
export function isWriteOnlyAt(
  schema: unknown,
  path: readonly ValuePathSegment[],
): boolean {
  if (!isSchema(schema)) return false;
  let current = branches(schema);
  for (const segment of path) {
    if (current.some(s => s.writeOnly === true)) return true;
    current = current
      .flatMap(s => childSchemas(s, segment))
      .flatMap(s => branches(s));
    if (current.length === 0) return false;
  }
  return current.some(s => s.writeOnly === true);
}
