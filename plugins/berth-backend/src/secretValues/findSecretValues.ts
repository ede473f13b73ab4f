import { isPlainObject } from '../values/plainValues';
import { ValuePathSegment } from '../values/valuePath';
import { isSecretKey } from './secretKeyPatterns';
import { isWriteOnlyAt } from './schemaWriteOnly';

/** The key of a map that a user writes to mark its value secret: `password: { $secret: s3cret }`. */
export const SECRET_MARKER_KEY = '$secret';

/** How values are classified as secret. */
export interface SecretClassification {
  /** Key patterns (`berth.values.secretKeyPatterns`). */
  patterns: readonly string[];
  /** The values.schema.json of the charts the values are for. */
  schemas?: readonly unknown[];
}

/** One secret value found: where, and the value. */
export interface SecretValue {
  path: ValuePathSegment[];
  value: unknown;
  /** True when the user wrote it as `{ $secret: value }`. */
  marked: boolean;
}

function isMarked(value: unknown): value is { [SECRET_MARKER_KEY]: unknown } {
  return (
    isPlainObject(value) &&
    Object.keys(value).length === 1 &&
    Object.hasOwn(value, SECRET_MARKER_KEY)
  );
}

/**
 * The secret values in `values`: those a user marks `{ $secret: value }`,
 * those a schema marks `writeOnly`, and strings and numbers whose nearest
 * key matches a pattern. A secret's whole value is one entry (nothing
 * inside it is reported again).
 */
export function findSecretValues(
  values: Record<string, unknown>,
  classification: SecretClassification,
): SecretValue[] {
  const found: SecretValue[] = [];
  const schemas = classification.schemas ?? [];
  const visit = (
    value: unknown,
    path: ValuePathSegment[],
    key: string | undefined,
  ) => {
    if (isMarked(value)) {
      found.push({ path, value: value[SECRET_MARKER_KEY], marked: true });
      return;
    }
    if (path.length > 0 && schemas.some(s => isWriteOnlyAt(s, path))) {
      if (value !== null) found.push({ path, value, marked: false });
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, [...path, index], key));
    } else if (isPlainObject(value)) {
      for (const [k, item] of Object.entries(value)) {
        visit(item, [...path, k], k);
      }
    } else if (
      (typeof value === 'string' || typeof value === 'number') &&
      key !== undefined &&
      isSecretKey(key, classification.patterns)
    ) {
      found.push({ path, value, marked: false });
    }
  };
  visit(values, [], undefined);
  return found;
}
