import { SECRET_VALUE_MASK } from '@berth/plugin-berth-common';
import { isPlainObject } from '../values/plainValues';
import { secretTokenPattern } from './SecretValueCipher';
import { secretRefPattern } from './secretRefs';

/** A text with every reference to a secret value (and sealed token) replaced by the mask. */
export function maskSecretTokens(text: string): string {
  return text
    .replace(secretRefPattern(), SECRET_VALUE_MASK)
    .replace(secretTokenPattern(), SECRET_VALUE_MASK);
}

/** A copy of JSON-like data with every stored secret value masked, in any string. */
export function maskSecretTokensDeep<T>(value: T): T {
  if (typeof value === 'string') return maskSecretTokens(value) as T;
  if (Array.isArray(value)) return value.map(maskSecretTokensDeep) as T;
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      Object.defineProperty(copy, key, {
        value: maskSecretTokensDeep(item),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return copy as T;
  }
  return value;
}

/**
 * A text with every occurrence of the given secret texts (and their base64
 * forms) replaced by the mask: for helm's output and error messages.
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let scrubbed = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    for (const form of [secret, Buffer.from(secret).toString('base64')]) {
      scrubbed = scrubbed.split(form).join(SECRET_VALUE_MASK);
    }
  }
  return maskSecretTokens(scrubbed);
}
