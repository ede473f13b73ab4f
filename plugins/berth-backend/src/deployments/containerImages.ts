import { parseManifest } from '../shared/manifestYaml';

/** The images of the containers and init containers of workload objects, each once. */
export function containerImages(objects: Array<Record<string, any>>): string[] {
  const images = new Set<string>();
  for (const object of objects) {
    const podSpec =
      object?.spec?.template?.spec ??
      object?.spec?.jobTemplate?.spec?.template?.spec ??
      (object?.kind === 'Pod' ? object.spec : undefined);
    for (const container of [
      ...(podSpec?.initContainers ?? []),
      ...(podSpec?.containers ?? []),
    ]) {
      if (typeof container?.image === 'string' && container.image !== '') {
        images.add(container.image);
      }
    }
  }
  return [...images];
}

/**
 * The images of a rendered manifest (what Helm applied); undefined when it
 * is not valid YAML, so the images known before rendering are kept.
 */
export function manifestImages(manifest: string): string[] | undefined {
  try {
    return containerImages(parseManifest(manifest));
  } catch {
    return undefined;
  }
}
