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
import {
  isSecretRef,
  newSecretRef,
  secretRefId,
  secretRefIds,
} from './secretRefs';
import {
  SecretScope,
  SecretValueStore,
  SecretWrites,
} from './SecretValueStore';

/** Secret values of merged Helm values, opened for one deploy. */
export interface OpenedSecretValues {
  /** Only the secret values (a list holding one: the whole list), for helm's second values file. */
  secretValues: Record<string, unknown>;
  /** The plain texts of the secret values, to scrub from messages and manifests. */
  plaintexts: string[];
  /** The referenced secret values by id (what a deployment record's Secret keeps). */
  entries: Record<string, unknown>;
}

/** Options of sealing: where, what was stored before, and where new values go. */
export interface SealOptions {
  /** Names the values in errors. */
  source: string;
  /** What the caller stores the new and inherited secret values of. */
  writes: SecretWrites;
  /**
   * The one-off migration: a token sealed before (`berth-secret:v1:`) is
   * opened with the key, when one is configured, and becomes a reference.
   */
  migrate?: boolean;
}

/** A stored secret: a reference, or a token sealed before secret values moved to Kubernetes. */
export function isStoredSecret(value: unknown): value is string {
  return isSecretRef(value) || isSecretToken(value);
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
  if (isStoredSecret(value)) return true;
  if (Array.isArray(value)) return value.some(containsToken);
  if (isPlainObject(value)) return Object.values(value).some(containsToken);
  return false;
}

/**
 * Secret values in Helm values: classifies them (key patterns, schema
 * `writeOnly`, `{ $secret: value }`), replaces each by a reference
 * `berth-secret-ref:v1:<id>` before anything is stored (the value goes to a
 * Kubernetes Secret through the {@link SecretValueStore}), and reads them
 * only to deploy. A value given as the mask (`••••`, what the API shows for
 * a secret) keeps the stored value. The cipher only opens tokens sealed
 * before (`berth-secret:v1:`), until they are migrated.
 */
export class SecretValues {
  constructor(
    readonly cipher: SecretValueCipher,
    readonly patterns: readonly string[] = DEFAULT_SECRET_KEY_PATTERNS,
    readonly store?: SecretValueStore,
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

  /** The same classification, keeping the values in `store`. */
  withStore(store: SecretValueStore): SecretValues {
    return new SecretValues(this.cipher, this.patterns, store);
  }

  /** Stores what sealing collected in the scope's Secret. */
  async save(scope: SecretScope, writes: SecretWrites): Promise<void> {
    if (writes.empty) return;
    await this.requireStore().put(scope, writes.entries);
  }

  private requireStore(): SecretValueStore {
    if (!this.store) {
      throw new Error('No store of secret values was given to SecretValues');
    }
    return this.store;
  }

  /** The secret values of a values object, including masks and tokens at any key. */
  find(values: Record<string, unknown>, schemas?: readonly unknown[]) {
    const found = findSecretValues(values, {
      patterns: this.patterns,
      schemas,
    });
    const seen = new Set(found.map(f => formatValuePath(f.path)));
    const walk = (value: unknown, path: ValuePathSegment[]) => {
      if (value === SECRET_VALUE_MASK || isStoredSecret(value)) {
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
   * A values text with every secret value replaced by a reference; comments
   * and layout kept. `current` is the stored text the new one replaces (for
   * masks). The new values are added to `options.writes`.
   */
  sealYaml(
    text: string,
    options: SealOptions & { current?: string; schemas?: readonly unknown[] },
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
      const token = this.sealOne(
        secret,
        valueAt(current, secret.path),
        options,
      );
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
    options: SealOptions & { current?: Record<string, string> },
  ): Record<string, string> | undefined {
    if (!set) return set;
    const sealed: Record<string, string> = {};
    for (const [key, value] of Object.entries(set)) {
      const path = parseValuePath(key, `${options.source} key`);
      const last = [...path].reverse().find(s => typeof s === 'string');
      const secret =
        value === SECRET_VALUE_MASK ||
        isStoredSecret(value) ||
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
    options: SealOptions & { current?: Record<string, unknown> },
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
    options: SealOptions,
    typed: (value: string) => unknown = v => v,
  ): string {
    const where = `${options.source}: ${formatValuePath(secret.path)}`;
    if (
      options.migrate &&
      isSecretToken(secret.value) &&
      this.cipher.configured
    ) {
      const { id, ref } = newSecretRef();
      options.writes.entries[id] = this.cipher.open(secret.value, where);
      return ref;
    }
    if (secret.value === SECRET_VALUE_MASK || isStoredSecret(secret.value)) {
      if (isStoredSecret(current)) {
        if (secret.value === SECRET_VALUE_MASK || secret.value === current) {
          return current;
        }
      }
      // A copy takes over its source's values under the same references.
      const { inherited } = options.writes;
      if (
        isSecretRef(secret.value) &&
        Object.hasOwn(inherited, secretRefId(secret.value))
      ) {
        const id = secretRefId(secret.value);
        options.writes.entries[id] = inherited[id];
        return secret.value;
      }
      throw new InputError(
        `${where} is given as the mask '${SECRET_VALUE_MASK}' but has no stored secret value to keep`,
      );
    }
    if (secret.value === null || secret.value === undefined) {
      throw new InputError(`${where} is marked secret but has no value`);
    }
    const { id, ref } = newSecretRef();
    options.writes.entries[id] =
      typeof secret.value === 'string' ? typed(secret.value) : secret.value;
    return ref;
  }

  /**
   * Reads the referenced secret values of merged Helm values (or variables)
   * from the scopes' Secrets, in order (tokens sealed before are opened with
   * the key). Returns only the secret values, for a values file of their own
   * (a list that holds one is given whole, as Helm replaces lists).
   * InputError naming the path of a value that is stored nowhere.
   */
  async open(
    values: Record<string, unknown>,
    source: string,
    scopes: readonly SecretScope[],
    /** Values not stored yet (just sealed), by id. */
    pending: Record<string, unknown> = {},
  ): Promise<OpenedSecretValues> {
    const ids = secretRefIds(values).filter(id => !Object.hasOwn(pending, id));
    const entries = {
      ...(ids.length ? await this.requireStore().get(scopes, ids) : {}),
      ...Object.fromEntries(
        secretRefIds(values)
          .filter(id => Object.hasOwn(pending, id))
          .map(id => [id, pending[id]]),
      ),
    };
    const plaintexts: string[] = [];
    const openDeep = (value: unknown, path: ValuePathSegment[]): unknown => {
      if (isSecretRef(value)) {
        const id = secretRefId(value);
        if (!Object.hasOwn(entries, id)) {
          throw new InputError(
            `${source}: ${formatValuePath(
              path,
            )} refers to a secret value that is not stored in the cluster (its Secret was removed); give the value again`,
          );
        }
        collect(entries[id], plaintexts);
        return entries[id];
      }
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
    return { secretValues: secretsOf(values, []), plaintexts, entries };
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
