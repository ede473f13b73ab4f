import {
  findImagePaths,
  ImagePath,
  ImageRule,
  imageReferenceAt,
} from '@berth/plugin-berth-common';
import { mergeValues, parseValues } from '../../values/ValuesEditor';

/** One image a chart's values keep, as the project's image rules find it. */
export interface FoundImage {
  path: ImagePath;
  /** The reference it gives with these values; undefined when its repository is empty. */
  reference?: string;
}

/**
 * The images of a chart with a service's values over its values.yaml, as
 * the backend finds them on import; undefined while the values do not
 * parse.
 */
export function foundImages(
  chartValues: string,
  values: string,
  rules?: readonly ImageRule[],
): FoundImage[] | undefined {
  const defaults = parseValues(chartValues);
  const given = parseValues(values);
  if (!defaults || !given) return undefined;
  const merged = mergeValues(defaults, given);
  return findImagePaths(merged, rules?.length ? rules : undefined).map(
    path => ({ path, reference: imageReferenceAt(merged, path) }),
  );
}

/** Where an image path reads its reference, e.g. `image.registry + image.repository : image.tag`. */
export function describeImagePath(path: ImagePath): string {
  const name = path.registryPath
    ? `${path.registryPath} / ${path.repositoryPath}`
    : path.repositoryPath;
  return path.tagPath ? `${name} : ${path.tagPath}` : name;
}
