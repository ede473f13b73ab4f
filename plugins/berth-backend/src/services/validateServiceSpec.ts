import { InputError } from '@backstage/errors';
import { ServiceSpec } from '@berth/plugin-berth-common';
import { renderManifests } from '../manifests';
import { parseValuesYaml } from '../values';
import { parseValuePath } from '../values/valuePath';

/**
 * Checks a service spec before it becomes a revision: its values parse
 * safely, its image paths are valid, and a manifests service renders with
 * its variables' defaults.
 */
export function validateServiceSpec(service: string, spec: ServiceSpec): void {
  if (spec.kind === 'helm') {
    parseValuesYaml(spec.values ?? '', {
      source: `values of service '${service}'`,
    });
    const names = new Set<string>();
    for (const image of spec.images ?? []) {
      if (names.has(image.name)) {
        throw new InputError(
          `Service '${service}' declares image '${image.name}' twice`,
        );
      }
      names.add(image.name);
      for (const path of [
        image.repositoryPath,
        image.tagPath,
        image.registryPath,
      ]) {
        if (path === undefined) continue;
        parseValuePath(path, `image '${image.name}' of service '${service}'`);
      }
      if (image.registryPath && !image.tagPath) {
        throw new InputError(
          `Image '${image.name}' of service '${service}' has a registry path but no tag path: without a tag path the repository path holds the whole reference`,
        );
      }
    }
    return;
  }
  if (spec.kind === 'manifests') {
    // Renders with the variables' defaults, checking definitions and objects.
    renderManifests(
      spec.manifests,
      spec.variables,
      {},
      {
        source: `manifests of service '${service}'`,
      },
    );
    return;
  }
  throw new InputError(`Service '${service}' has an unknown kind`);
}
