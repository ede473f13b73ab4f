import { parseAllDocuments, stringify } from 'yaml';
import { KubeObject } from './kubeObject';

// As Helm and the API server read YAML (Go's yaml.v2: YAML 1.1).
const YAML_OPTIONS = { version: '1.1', merge: true } as const;

/**
 * The objects of a multi-document YAML stream (a Helm manifest, a snapshot);
 * empty documents are skipped, `List`s flattened into their items. Throws
 * when the stream is not valid YAML.
 */
export function parseManifest(manifest: string): KubeObject[] {
  const documents = parseAllDocuments(manifest, YAML_OPTIONS);
  if (!Array.isArray(documents)) return [];
  const objects: KubeObject[] = [];
  for (const document of documents) {
    if (document.errors.length > 0) {
      throw new Error(
        `The manifest is not valid YAML: ${document.errors[0].message}`,
      );
    }
    const object = document.toJS({ maxAliasCount: 1000 }) as KubeObject;
    if (object === null || typeof object !== 'object') continue;
    if (
      typeof object.kind === 'string' &&
      object.kind.endsWith('List') &&
      Array.isArray(object.items)
    ) {
      objects.push(...(object.items as KubeObject[]));
    } else {
      objects.push(object);
    }
  }
  return objects;
}

/** One object as YAML, keys in the order given. */
export function objectYaml(object: unknown): string {
  return stringify(object, { ...YAML_OPTIONS, lineWidth: 0 });
}

/** Objects as a multi-document YAML stream. */
export function stringifyManifest(objects: readonly unknown[]): string {
  return objects.map(object => `---\n${objectYaml(object)}`).join('');
}
