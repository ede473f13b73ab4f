import { InputError } from '@backstage/errors';
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  randomBytes,
} from 'node:crypto';

const PREFIX = 'berth-secret:v1:';
const TOKEN_SOURCE = 'berth-secret:v1:[A-Za-z0-9_-]+';

/** Matches a whole sealed value. */
const WHOLE_TOKEN = new RegExp(`^${TOKEN_SOURCE}$`);

/** Every sealed value in a text. */
export function secretTokenPattern(): RegExp {
  return new RegExp(TOKEN_SOURCE, 'g');
}

/** Whether a value is a sealed secret value. */
export function isSecretToken(value: unknown): value is string {
  return typeof value === 'string' && WHOLE_TOKEN.test(value);
}

/**
 * Seals and opens secret values with AES-256-GCM under the key of
 * `berth.values.encryptionKey`: what Berth stores in its database in place
 * of a secret value is a token `berth-secret:v1:<iv, tag, ciphertext>`.
 */
export class SecretValueCipher {
  private readonly key?: Buffer;

  /** `secret`: the configured key text (at least 16 characters), or none. */
  constructor(secret: string | undefined) {
    if (secret !== undefined) {
      if (secret.length < 16) {
        throw new Error(
          'berth.values.encryptionKey must be at least 16 characters long',
        );
      }
      this.key = createHash('sha256').update(secret, 'utf8').digest();
    }
  }

  get configured(): boolean {
    return this.key !== undefined;
  }

  /** A token holding `value` (any JSON value). `where` names it in errors. */
  seal(value: unknown, where: string): string {
    if (!this.key) {
      throw new InputError(
        `${where} is a secret value, but no key to store secret values is configured (berth.values.encryptionKey)`,
      );
    }
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([
      cipher.update(JSON.stringify(value), 'utf8'),
      cipher.final(),
    ]);
    const sealed = Buffer.concat([iv, cipher.getAuthTag(), body]);
    return `${PREFIX}${sealed.toString('base64url')}`;
  }

  /** The value a token holds. `where` names it in errors. */
  open(token: string, where: string): unknown {
    if (!this.key) {
      throw new InputError(
        `${where} is a stored secret value, but no key to open it is configured (berth.values.encryptionKey)`,
      );
    }
    const sealed = Buffer.from(token.slice(PREFIX.length), 'base64url');
    try {
      const decipher = createDecipheriv(
        'aes-256-gcm',
        this.key,
        sealed.subarray(0, 12),
      );
      decipher.setAuthTag(sealed.subarray(12, 28));
      const text = Buffer.concat([
        decipher.update(sealed.subarray(28)),
        decipher.final(),
      ]).toString('utf8');
      return JSON.parse(text);
    } catch {
      throw new InputError(
        `${where} is a stored secret value that the configured key (berth.values.encryptionKey) cannot open`,
      );
    }
  }
}
