import { DiffSummary, ObjectDiff } from '@berth/plugin-berth-common';
import { createTwoFilesPatch } from 'diff';
import { KubeObject } from '../kubernetes/injectLabels';
import { objectYaml } from '../shared/manifestYaml';
import { normalizeObject } from './normalizeObject';
import { isSecret, REDACTED } from '../shared/redactSecrets';

/** What a changed Secret value reads on the side where it differs. */
export const REDACTED_CHANGED = '<redacted: changed>';

/** `group/Kind/name`: identifies an object within one namespace. */
export function objectKey(object: KubeObject): string {
  const apiVersion = object.apiVersion ?? '';
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return `${group}/${object.kind}/${object.metadata?.name}`;
}

function secretValues(object: KubeObject | undefined, field: string) {
  const values = object?.[field];
  return values && typeof values === 'object'
    ? (values as Record<string, unknown>)
    : undefined;
}

/**
 * Both sides of a Secret with every value masked: `<redacted>`, or
 * `<redacted: changed>` on the after side where the values differ, so a
 * diff tells which keys changed without showing any value.
 */
export function maskSecretPair(
  before: KubeObject | undefined,
  after: KubeObject | undefined,
): [KubeObject | undefined, KubeObject | undefined] {
  if (!isSecret(before) && !isSecret(after)) return [before, after];
  const maskedBefore: Record<string, unknown> | undefined = before && {
    ...before,
  };
  const maskedAfter: Record<string, unknown> | undefined = after && {
    ...after,
  };
  for (const field of ['data', 'stringData']) {
    const b = secretValues(before, field);
    const a = secretValues(after, field);
    if (maskedBefore && b) {
      maskedBefore[field] = Object.fromEntries(
        Object.keys(b).map(key => [key, REDACTED]),
      );
    }
    if (maskedAfter && a) {
      maskedAfter[field] = Object.fromEntries(
        Object.keys(a).map(key => [
          key,
          b && key in b && b[key] !== a[key] ? REDACTED_CHANGED : REDACTED,
        ]),
      );
    }
  }
  return [maskedBefore as KubeObject, maskedAfter as KubeObject];
}

/** A unified diff of two texts ('' when equal). */
export function unifiedDiff(
  name: string,
  before: string,
  after: string,
  labels: [string, string] = ['before', 'after'],
): string {
  if (before === after) return '';
  return createTwoFilesPatch(
    `${labels[0]}/${name}`,
    `${labels[1]}/${name}`,
    before,
    after,
    undefined,
    undefined,
    { context: 3 },
  ).replace(/^=+\n/, '');
}

/**
 * Compares two sets of objects by kind and name, normalized (see
 * normalizeObject), Secret values masked: added, removed, changed or
 * unchanged, with a unified diff of the YAML, before → after. Sorted by
 * kind and name.
 */
export function diffObjects(
  before: readonly KubeObject[],
  after: readonly KubeObject[],
  labels: [string, string] = ['before', 'after'],
): ObjectDiff[] {
  const beforeByKey = new Map(before.map(o => [objectKey(o), o]));
  const afterByKey = new Map(after.map(o => [objectKey(o), o]));
  const keys = [...new Set([...beforeByKey.keys(), ...afterByKey.keys()])];
  return keys
    .map(key => {
      const [b, a] = maskSecretPair(beforeByKey.get(key), afterByKey.get(key));
      const some = (a ?? b)!;
      const beforeYaml = b ? objectYaml(normalizeObject(b)) : '';
      const afterYaml = a ? objectYaml(normalizeObject(a)) : '';
      const name = `${some.kind}/${some.metadata?.name}`;
      const diff = unifiedDiff(name, beforeYaml, afterYaml, labels);
      let change: ObjectDiff['change'] = 'unchanged';
      if (!b) change = 'added';
      else if (!a) change = 'removed';
      else if (diff) change = 'changed';
      return {
        apiVersion: some.apiVersion ?? '',
        kind: some.kind ?? '',
        name: String(some.metadata?.name ?? ''),
        change,
        diff,
      };
    })
    .sort(
      (x, y) => x.kind.localeCompare(y.kind) || x.name.localeCompare(y.name),
    );
}

/** Counts the changes of a diff. */
export function summarize(objects: readonly ObjectDiff[]): DiffSummary {
  const summary = { added: 0, removed: 0, changed: 0, unchanged: 0 };
  for (const object of objects) summary[object.change]++;
  return summary;
}
