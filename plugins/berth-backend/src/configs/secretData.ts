import { InputError } from '@backstage/errors';
import { SECRET_VALUE_MASK } from '@berth/plugin-berth-common';
import { isPlainObject } from '../values/plainValues';

const BASE64 =
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * A Secret's `data` (base64) from what was given: `data` and `stringData`
 * merged as the API server would (stringData wins), and every value equal to
 * the mask replaced by the key's current value. Errors name keys, never
 * values.
 */
export function secretDataOf(
  secret: Record<string, unknown>,
  current: Record<string, string> | undefined,
): Record<string, string> {
  const name = (secret.metadata as { name?: string } | undefined)?.name;
  const what = `Secret '${name}'`;
  const data: Record<string, string> = {};
  const take = (field: 'data' | 'stringData') => {
    const given = secret[field];
    if (given === undefined || given === null) return;
    if (!isPlainObject(given)) {
      throw new InputError(`${what}: ${field} must map keys to strings`);
    }
    for (const [key, value] of Object.entries(given)) {
      if (typeof value !== 'string') {
        throw new InputError(
          `${what}: the value of ${field}.${key} must be a string`,
        );
      }
      if (value === SECRET_VALUE_MASK) {
        const kept = current?.[key];
        if (kept === undefined) {
          throw new InputError(
            `${what}: key '${key}' is given as the mask '${SECRET_VALUE_MASK}' but has no current value to keep`,
          );
        }
        data[key] = kept;
      } else if (field === 'stringData') {
        data[key] = Buffer.from(value, 'utf8').toString('base64');
      } else {
        if (!BASE64.test(value)) {
          throw new InputError(
            `${what}: the value of data.${key} is not base64; give plain text in stringData instead`,
          );
        }
        data[key] = value;
      }
    }
  };
  take('data');
  take('stringData');
  return data;
}

/** The keys whose values differ between two data maps (added, removed or changed). */
export function changedKeys(
  before: Record<string, string> | undefined,
  after: Record<string, string> | undefined,
): string[] {
  const a = before ?? {};
  const b = after ?? {};
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter(key => a[key] !== b[key])
    .sort();
}

/**
 * A Secret fit to show: every value of `data` is the mask, `stringData` and
 * kubectl's last-applied annotation (which may hold values) are gone.
 */
export function maskSecret(
  secret: Record<string, unknown>,
): Record<string, unknown> {
  const { data, stringData: _stringData, ...rest } = secret;
  const metadata = { ...(rest.metadata as Record<string, unknown>) };
  if (isPlainObject(metadata.annotations)) {
    const { [LAST_APPLIED]: _lastApplied, ...annotations } =
      metadata.annotations;
    metadata.annotations = annotations;
  }
  const masked: Record<string, string> = {};
  for (const key of Object.keys(isPlainObject(data) ? data : {})) {
    masked[key] = SECRET_VALUE_MASK;
  }
  return { ...rest, metadata, data: masked };
}
