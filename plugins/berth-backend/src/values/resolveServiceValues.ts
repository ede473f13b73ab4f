import { InputError } from '@backstage/errors';
import { ImagePath } from '@berth/plugin-berth-common';
import { imageTagValue, parseImageReference } from './imageReference';
import { mergeValues, ValuesLayer } from './mergeValues';
import { parseSetValues, SetValuesInput } from './parseSetValues';
import { parseValuePath, setValueAtPath } from './valuePath';
import { valuesDigest } from './valuesDigest';

/**
 * Where one of a service's images lives in its values, as dotted paths,
 * e.g. `{ name: 'app', repositoryPath: 'image.repository', tagPath: 'image.tag' }`;
 * without `tagPath` the repository path holds the whole reference, with
 * `registryPath` the registry host is kept apart from the repository.
 */
export type ServiceImagePath = ImagePath;

/** The layers of one service's values, lowest first. */
export interface ResolveServiceValuesInput {
  /** Names the service in errors. */
  service?: string;
  /** The chart's own `values.yaml`. */
  chartValues?: ValuesLayer;
  /** Values for every service of the project. */
  projectValues?: ValuesLayer;
  /** Values for every service of the environment. */
  environmentValues?: ValuesLayer;
  /** The service's override values in this environment. */
  serviceOverrides?: ValuesLayer;
  /** Where the service's images live in its values. */
  imagePaths?: readonly ServiceImagePath[];
  /** Image overrides: image name to reference, e.g. `{ app: 'ghcr.io/x/cart:1.2' }`. */
  images?: Readonly<Record<string, string>>;
  /** The service's `--set` key/values in this environment. */
  setValues?: SetValuesInput;
}

/** The merged values of a service and a digest that identifies them. */
export interface ResolvedServiceValues {
  values: Record<string, unknown>;
  /** sha256, in hex, of the canonical (sorted keys) JSON of `values`. */
  digest: string;
}

/**
 * Resolves the values a Helm service is deployed with, in Berth's order of
 * precedence (Zadig's), lowest to highest: chart values, project values,
 * environment-wide values, the service's override values, image overrides,
 * the service's `--set` key/values. Layers merge as {@link mergeValues}
 * does. Each image override is split into repository and tag (see
 * {@link imageTagValue}) and written at the image's paths, keeping the rest
 * of any map or list on the way. The inputs are never changed.
 */
export function resolveServiceValues(
  input: ResolveServiceValuesInput,
): ResolvedServiceValues {
  const service = input.service ? `service '${input.service}'` : 'the service';
  const values = mergeValues(
    input.chartValues,
    input.projectValues,
    input.environmentValues,
    input.serviceOverrides,
  );
  applyImageOverrides(
    values,
    input.imagePaths ?? [],
    input.images ?? {},
    service,
  );
  const merged = mergeValues(
    values,
    parseSetValues(input.setValues, `set value of ${service}`),
  );
  return { values: merged, digest: valuesDigest(merged) };
}

function applyImageOverrides(
  values: Record<string, unknown>,
  imagePaths: readonly ServiceImagePath[],
  images: Readonly<Record<string, string>>,
  service: string,
): void {
  const byName = new Map<string, ServiceImagePath>();
  for (const path of imagePaths) {
    if (byName.has(path.name)) {
      throw new InputError(
        `${service} declares the image '${path.name}' twice`,
      );
    }
    byName.set(path.name, path);
  }
  for (const [name, ref] of Object.entries(images)) {
    const path = byName.get(name);
    if (!path) {
      const known = [...byName.keys()];
      throw new InputError(
        `${service} has no image named '${name}'; ${
          known.length
            ? `its images are: ${known.join(', ')}`
            : 'it declares no images'
        }`,
      );
    }
    const what = `image '${name}' of ${service}`;
    const parsed = parseImageReference(ref, what);
    const set = (at: string, kind: string, value: string) =>
      setValueAtPath(
        values,
        parseValuePath(at, `${kind} path of ${what}`),
        value,
      );
    if (!path.tagPath) {
      set(path.repositoryPath, 'reference', ref);
      continue;
    }
    if (path.registryPath) {
      const { registry, repository } = splitRegistry(parsed.repository);
      set(path.registryPath, 'registry', registry);
      set(path.repositoryPath, 'repository', repository);
    } else {
      set(path.repositoryPath, 'repository', parsed.repository);
    }
    set(path.tagPath, 'tag', imageTagValue(parsed));
  }
}

/**
 * The registry host of a repository and the rest, as a container runtime
 * reads them: `docker.io` when the first part is not a host.
 */
export function splitRegistry(repository: string): {
  registry: string;
  repository: string;
} {
  const slash = repository.indexOf('/');
  const first = slash < 0 ? '' : repository.slice(0, slash);
  const isHost =
    first.includes('.') || first.includes(':') || first === 'localhost';
  return isHost
    ? { registry: first, repository: repository.slice(slash + 1) }
    : { registry: 'docker.io', repository };
}
