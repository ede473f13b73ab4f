import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { SECRET_VALUE_MASK } from '@berth/plugin-berth-common';
import { isDeepStrictEqual } from 'node:util';
import { parseDocument, stringify } from 'yaml';
import { parseValuesYaml } from '../values';
import { typedSetValue } from '../values/parseSetValues';
import { clonePlain, getOwn, isPlainObject } from '../values/plainValues';
import { SAFE_YAML_PARSE_OPTIONS } from '../values/safeYaml';
import {
  formatValuePath,
  parseValuePath,
  setValueAtPath,
  ValuePathSegment,
} from '../values/valuePath';
import { findSecretValues, SecretValue } from './findSecretValues';
import { DEFAULT_SECRET_KEY_PATTERNS, isSecretKey } from './secretKeyPatterns';
import { isSecretToken, SecretValueCipher } from './SecretValueCipher';

/** Secret values of merged Helm values, opened for one deploy. */
export interface OpenedSecretValues {
  /** Only the secret values (a list holding one: the whole list), for helm's second values file. */
  secretValues: Record<string, unknown>;
  /** The plain texts of the secret values, to scrub from messages and manifests. */
  plaintexts: string[];
}

function valueAt(root: unknown, path: readonly ValuePathSegment[]): unknown {
  let current = root;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === 'number') {
      current = current[segment];
    } else if (isPlainObject(current) && typeof segment === 'string') {
      current = getOwn(current, segment);
    } else {
      return undefined;
    }
  }
  return current;
}

function containsToken(value: unknown): boolean {
  if (isSecretToken(value)) return true;
  if (Array.isArray(value)) return value.some(containsToken);
  if (isPlainObject(value)) return Object.values(value).some(containsToken);
  return false;
}

/**
 * Secret values in Helm values: classifies them (key patterns, schema
 * `writeOnly`, `{ $secret: value }`), seals them into tokens before anything
 * is stored, and opens them only to deploy. A value given as the mask
 * (`••••`, what the API shows for a secret) keeps the stored value.
 */
export class SecretValues {
  constructor(
    readonly cipher: SecretValueCipher,
    readonly patterns: readonly string[] = DEFAULT_SECRET_KEY_PATTERNS,
  ) {}

  static fromConfig(config: Config): SecretValues {
    return new SecretValues(
      new SecretValueCipher(
        config.getOptionalString('berth.values.encryptionKey'),
      ),
      config.getOptionalStringArray('berth.values.secretKeyPatterns') ??
        DEFAULT_SECRET_KEY_PATTERNS,
    );
  }

  /** The secret values of a values object, including masks and tokens at any key. */
  find(values: Record<string, unknown>, schemas?: readonly unknown[]) {
    const found = findSecretValues(values, {
      patterns: this.patterns,
      schemas,
    });
    const seen = new Set(found.map(f => formatValuePath(f.path)));
    const walk = (value: unknown, path: ValuePathSegment[]) => {
      if (value === SECRET_VALUE_MASK || isSecretToken(value)) {
        if (!seen.has(formatValuePath(path))) {
          found.push({ path, value, marked: false });
        }
      } else if (Array.isArray(value)) {
        value.forEach((item, i) => walk(item, [...path, i]));
      } else if (isPlainObject(value)) {
        for (const [k, item] of Object.entries(value)) walk(item, [...path, k]);
      }
    };
    walk(values, []);
    return found;
  }

  /**
   * A values text with every secret value sealed; comments and layout kept.
   * `current` is the stored text the new one replaces (for masks).
   */
  sealYaml(
    text: string,
    options: { source: string; current?: string; schemas?: readonly unknown[] },
  ): string {
    const plain = parseValuesYaml(text, { source: options.source });
    const found = this.find(plain, options.schemas);
    if (found.length === 0) return text;
    const current = options.current
      ? parseValuesYaml(options.current, { source: options.source })
      : {};
    const expected = clonePlain(plain, problem => {
      throw new InputError(`${options.source}: ${problem}`);
    }) as Record<string, unknown>;
    const doc = parseDocument(text, SAFE_YAML_PARSE_OPTIONS);
    for (const secret of found) {
      const token = this.sealOne(secret, valueAt(current, secret.path), {
        source: options.source,
      });
      setValueAtPath(expected, secret.path, token);
      doc.setIn(secret.path, token);
    }
    const edited = doc.toString();
    // Aliases and merge keys may hide where a value came from: then the
    // text is written anew, without comments.
    return isDeepStrictEqual(
      parseValuesYaml(edited, { source: options.source }),
      expected,
    )
      ? edited
      : stringify(expected);
  }

  /** `--set` values with every secret value sealed (its `--set` type kept). */
  sealSet(
    set: Record<string, string> | undefined,
    options: { source: string; current?: Record<string, string> },
  ): Record<string, string> | undefined {
    if (!set) return set;
    const sealed: Record<string, string> = {};
    for (const [key, value] of Object.entries(set)) {
      const path = parseValuePath(key, `${options.source} key`);
      const last = [...path].reverse().find(s => typeof s === 'string');
      const secret =
        value === SECRET_VALUE_MASK ||
        isSecretToken(value) ||
        (typeof last === 'string' && isSecretKey(last, this.patterns));
      sealed[key] = secret
        ? this.sealOne(
            { path, value, marked: false },
            options.current?.[key],
            options,
            typedSetValue,
          )
        : value;
    }
    return sealed;
  }

  /**
   * A manifests service's variable values with those of its `secret`
   * variables sealed; a value given as the mask keeps the stored one.
   */
  sealVariables(
    variables: Record<string, unknown> | undefined,
    secretNames: readonly string[],
    options: { source: string; current?: Record<string, unknown> },
  ): Record<string, unknown> | undefined {
    if (!variables || secretNames.length === 0) return variables;
    const sealed: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(variables)) {
      setValueAtPath(
        sealed,
        [name],
        secretNames.includes(name) && value !== undefined && value !== null
          ? this.sealOne(
              { path: [name], value, marked: false },
              options.current?.[name],
              options,
            )
          : value,
      );
    }
    return sealed;
  }

  private sealOne(
    secret: SecretValue,
    current: unknown,
    options: { source: string },
    typed: (value: string) => unknown = v => v,
  ): string {
    const where = `${options.source}: ${formatValuePath(secret.path)}`;
    if (secret.value === SECRET_VALUE_MASK || isSecretToken(secret.value)) {
      if (isSecretToken(current)) {
        if (secret.value === SECRET_VALUE_MASK || secret.value === current) {
          return current;
        }
      }
      throw new InputError(
        `${where} is given as the mask '${SECRET_VALUE_MASK}' but has no stored secret value to keep`,
      );
    }
    if (secret.value === null || secret.value === undefined) {
      throw new InputError(`${where} is marked secret but has no value`);
    }
    return this.cipher.seal(
      typeof secret.value === 'string' ? typed(secret.value) : secret.value,
      where,
    );
  }

  /**
   * Opens the sealed values in merged Helm values. Returns only the secret
   * values, for a values file of their own (a list that holds one is
   * given whole, as Helm replaces lists).
   */
  open(values: Record<string, unknown>, source: string): OpenedSecretValues {
    const plaintexts: string[] = [];
    const openDeep = (value: unknown, path: ValuePathSegment[]): unknown => {
      if (isSecretToken(value)) {
        const opened = this.cipher.open(
          value,
          `${source}: ${formatValuePath(path)}`,
        );
        collect(opened, plaintexts);
        return opened;
      }
      if (Array.isArray(value)) {
        return value.map((item, i) => openDeep(item, [...path, i]));
      }
      if (isPlainObject(value)) {
        const copy: Record<string, unknown> = {};
        for (const [k, item] of Object.entries(value)) {
          setValueAtPath(copy, [k], openDeep(item, [...path, k]));
        }
        return copy;
      }
      return value;
    };
    const secretsOf = (
      map: Record<string, unknown>,
      path: ValuePathSegment[],
    ): Record<string, unknown> => {
      const result: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(map)) {
        if (!containsToken(value)) continue;
        const at = [...path, key];
        setValueAtPath(
          result,
          [key],
          isPlainObject(value) ? secretsOf(value, at) : openDeep(value, at),
        );
      }
      return result;
    };
    return { secretValues: secretsOf(values, []), plaintexts };
  }
}

function collect(value: unknown, into: string[]) {
  if (typeof value === 'string' || typeof value === 'number') {
    into.push(String(value));
  } else if (Array.isArray(value)) {
    value.forEach(item => collect(item, into));
  } else if (isPlainObject(value)) {
    Object.values(value).forEach(item => collect(item, into));
  }
}
