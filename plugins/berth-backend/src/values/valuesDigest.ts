import { createHash } from 'crypto';
import { isPlainObject } from './plainValues';

/**
 * JSON with the keys of every object sorted, so that equal values give equal
 * text whatever order their keys were written in.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(item => canonicalJson(item)).join(',')}]`;
  }
  if (isPlainObject(value)) {
    const keys = Object.keys(value)
      .filter(key => value[key] !== undefined)
      .sort();
    return `{${keys
      .map(key => `${JSON.stringify(key)}:${canonicalJson(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The sha256, in hex, of the canonical JSON of some values. */
export function valuesDigest(values: unknown): string {
  return createHash('sha256').update(canonicalJson(values)).digest('hex');
}
