import { parseAllDocuments, stringify } from 'yaml';
import { injectLabels, KubeObject } from './injectLabels';

// Helm and the API server read YAML as Go's yaml.v2 does (YAML 1.1: 0755 is
// octal, yes/no are booleans), so Berth reads and writes it the same way.
const YAML_OPTIONS = { version: '1.1', merge: true } as const;

/**
 * The objects of a multi-document YAML stream, as Helm renders it; empty
 * documents are dropped. Throws when the stream is not valid YAML.
 */
export function parseRendered(manifests: string): KubeObject[] {
  const documents = parseAllDocuments(manifests, YAML_OPTIONS);
  if (!Array.isArray(documents)) {
    return [];
  }
  const objects: KubeObject[] = [];
  for (const document of documents) {
    if (document.errors.length > 0) {
      throw new Error(
        `The rendered manifests are not valid YAML: ${document.errors[0].message}`,
      );
    }
    const object = document.toJS({ maxAliasCount: 1000 }) as unknown;
    if (object === null || object === undefined) {
      continue;
    }
    objects.push(object as KubeObject);
  }
  return objects;
}

/**
 * Adds `labels` to every object of a multi-document YAML stream, as Helm
 * renders it, with {@link injectLabels}; empty documents are dropped.
 * Throws when the stream is not valid YAML.
 */
export function renderWithLabels(
  manifests: string,
  labels: Record<string, string>,
): string {
  return parseRendered(manifests)
    .map(
      object =>
        `---\n${stringify(injectLabels(object, labels), {
          ...YAML_OPTIONS,
          lineWidth: 0,
        })}`,
    )
    .join('');
}
