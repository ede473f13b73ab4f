import { randomBytes } from 'node:crypto';
import { isPlainObject } from '../values/plainValues';

const PREFIX = 'berth-secret-ref:v1:';
const REF_SOURCE = 'berth-secret-ref:v1:[a-f0-9]{32}';

/** Matches a whole reference. */
const WHOLE_REF = new RegExp(`^${REF_SOURCE}$`);

/** Every reference to a secret value in a text. */
export function secretRefPattern(): RegExp {
  return new RegExp(REF_SOURCE, 'g');
}

/**
 * Whether a value is a reference to a secret value: what Berth stores in its
 * database where the value was, `berth-secret-ref:v1:<id>`; the value itself
 * is the entry `<id>` of a Kubernetes Secret (see SecretValueStore).
 */
export function isSecretRef(value: unknown): value is string {
  return typeof value === 'string' && WHOLE_REF.test(value);
}

/** The id (the Secret's data key) of a reference. */
export function secretRefId(ref: string): string {
  return ref.slice(PREFIX.length);
}

/** The reference to the entry `id`. */
export function secretRefOf(id: string): string {
  return `${PREFIX}${id}`;
}

/** A new random id and its reference. */
export function newSecretRef(): { id: string; ref: string } {
  const id = randomBytes(16).toString('hex');
  return { id, ref: secretRefOf(id) };
}

/** The ids of every reference in a value (in strings at any depth, YAML texts included). */
export function secretRefIds(value: unknown): string[] {
  const ids = new Set<string>();
  const visit = (item: unknown) => {
    if (typeof item === 'string') {
      for (const match of item.match(secretRefPattern()) ?? []) {
        ids.add(secretRefId(match));
      }
    } else if (Array.isArray(item)) {
      item.forEach(visit);
    } else if (isPlainObject(item)) {
      Object.values(item).forEach(visit);
    }
  };
  visit(value);
  return [...ids];
}
