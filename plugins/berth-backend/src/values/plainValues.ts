/**
 * Helpers for the plain, JSON-like data that values and manifests are made
 * of: null, strings, finite numbers, booleans, arrays and plain objects.
 */

/** True for an object that is neither an array nor of a class. */
export function isPlainObject(
  value: unknown,
): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return false;
  }
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Sets an own, enumerable property, also for keys such as '__proto__' that a
 * plain assignment would treat specially.
 */
export function setOwn(
  target: Record<string, unknown>,
  key: string,
  value: unknown,
): void {
  Object.defineProperty(target, key, {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

/** Reads an own property only, never one inherited from a prototype. */
export function getOwn(target: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(target, key)
    ? target[key]
    : undefined;
}

/** True when the object has the key as an own property. */
export function hasOwn(target: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(target, key);
}

/**
 * Copies plain data deeply, so that the copy shares no object with the
 * original. Returns the description of the first value that is not plain
 * data through `onProblem` and stops there.
 */
export function clonePlain(
  value: unknown,
  onProblem: (problem: string, path: string) => never,
  path = '',
): unknown {
  if (value === null || typeof value === 'string') {
    return value;
  }
  if (typeof value === 'boolean') {
    return value;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      return onProblem(`${value} is not a finite number`, path);
    }
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((item, index) =>
      clonePlain(item, onProblem, `${path}[${index}]`),
    );
  }
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) {
        continue;
      }
      setOwn(
        copy,
        key,
        clonePlain(item, onProblem, path ? `${path}.${key}` : key),
      );
    }
    return copy;
  }
  const kind =
    typeof value === 'object'
      ? (value as object).constructor?.name ?? 'object'
      : typeof value;
  return onProblem(`a value of type ${kind} is not plain data`, path);
}
