import {
  DeploymentRecord,
  EnvironmentServiceSettings,
  ServiceSpec,
} from '@berth/plugin-berth-common';

/**
 * The images of a Helm service's deploy by image name, from the record's
 * images (in the order of the spec's image paths, as resolveDeployment
 * lists them). Empty when they cannot be matched up one to one (an image
 * path without a value was left out of the record), or for manifests
 * services, whose images come from their pinned revision and variables.
 */
export function imagesByName(
  spec: ServiceSpec,
  record: Pick<DeploymentRecord, 'images'>,
): Record<string, string> {
  if (spec.kind !== 'helm' || spec.images.length !== record.images.length) {
    return {};
  }
  return Object.fromEntries(
    spec.images.map((path, i) => [path.name, record.images[i]]),
  );
}

/**
 * A service's settings in a copy: the source's settings, the revision and
 * images that last deployed successfully pinned over them, and the
 * request's overrides over that (field by field).
 */
export function copiedSettings(input: {
  source: EnvironmentServiceSettings;
  revision: number;
  deployedImages: Record<string, string>;
  override?: EnvironmentServiceSettings;
}): EnvironmentServiceSettings {
  const images = { ...input.source.images, ...input.deployedImages };
  return {
    ...input.source,
    revision: input.revision,
    ...(Object.keys(images).length > 0 && { images }),
    ...input.override,
  };
}
