import { InputError } from '@backstage/errors';
import { clonePlain, getOwn, isPlainObject, setOwn } from './plainValues';

/** A layer of Helm values; undefined layers are skipped. */
export type ValuesLayer = Readonly<Record<string, unknown>> | undefined;

function copy(value: unknown, path = ''): unknown {
  return clonePlain(
    value,
    (problem, at) => {
      throw new InputError(
        `Cannot merge values: ${at ? `at ${at}: ` : ''}${problem}`,
      );
    },
    path,
  );
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Copies a map of a higher layer, leaving out the keys it sets to null. */
function withoutNulls(
  map: Record<string, unknown>,
  path: string,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(map)) {
    if (value === null || value === undefined) {
      continue;
    }
    const at = join(path, key);
    setOwn(
      result,
      key,
      isPlainObject(value) ? withoutNulls(value, at) : copy(value, at),
    );
  }
  return result;
}

function coalesce(
  lower: Record<string, unknown>,
  higher: Readonly<Record<string, unknown>>,
  path: string,
): Record<string, unknown> {
  const result: Record<string, unknown> = { ...lower };
  for (const [key, value] of Object.entries(higher)) {
    if (value === undefined) {
      continue;
    }
    if (value === null) {
      delete result[key];
      continue;
    }
    const below = getOwn(result, key);
    const at = join(path, key);
    if (isPlainObject(value) && isPlainObject(below)) {
      setOwn(result, key, coalesce(below, value, at));
    } else if (isPlainObject(value)) {
      setOwn(result, key, withoutNulls(value, at));
    } else {
      setOwn(result, key, copy(value, at));
    }
  }
  return result;
}

/**
 * Layers Helm values the way Helm coalesces them, lowest layer first: maps
 * merge key by key, recursively; a list or scalar of a higher layer replaces
 * whatever was below it; a `null` in a higher layer deletes the key (also
 * when nothing below had it, so higher layers never add nulls). Nulls of the
 * first layer given (a chart's own values) are kept, and so are nulls inside
 * lists. Returns a new object that shares nothing with the inputs, which are
 * never changed.
 *
 * @example
 * mergeValues({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { c: null, d: 3 }, l: [9] })
 * // => { a: { b: 1, d: 3 }, l: [9] }
 */
export function mergeValues(
  ...layers: readonly ValuesLayer[]
): Record<string, unknown> {
  let result: Record<string, unknown> | undefined;
  for (const layer of layers) {
    if (layer === undefined) {
      continue;
    }
    if (!isPlainObject(layer)) {
      throw new InputError(
        `Cannot merge values: a layer must be a mapping, not ${
          Array.isArray(layer) ? 'a list' : typeof layer
        }`,
      );
    }
    result =
      result === undefined
        ? (copy(layer) as Record<string, unknown>)
        : coalesce(result, layer, '');
  }
  return result ?? {};
}
