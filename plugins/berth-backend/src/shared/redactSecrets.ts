import { KubeObject } from './kubeObject';
import { parseManifest, stringifyManifest } from './manifestYaml';

/** What every Secret value reads in snapshots, previews and diffs. */
export const REDACTED = '<redacted>';

/** Whether an object is a core Secret. */
export function isSecret(object: KubeObject | undefined): boolean {
  return (
    object?.kind === 'Secret' &&
    (object.apiVersion === 'v1' || object.apiVersion === undefined)
  );
}

/** A copy of a Secret with every `data` and `stringData` value redacted; other objects as they are. */
export function redactSecret<T extends KubeObject>(object: T): T {
  if (!isSecret(object)) return object;
  const redacted: Record<string, unknown> = { ...object };
  for (const field of ['data', 'stringData']) {
    const values = object[field];
    if (values && typeof values === 'object') {
      redacted[field] = Object.fromEntries(
        Object.keys(values).map(key => [key, REDACTED]),
      );
    }
  }
  return redacted as T;
}

/** A manifest (YAML stream) with every Secret's values redacted. */
export function redactManifest(manifest: string): string {
  return stringifyManifest(parseManifest(manifest).map(redactSecret));
}
