import { InputError } from '@backstage/errors';
import { ServiceSpec } from '@berth/plugin-berth-common';
import { parseImageReference } from '../../values/imageReference';
import { DeployJobInput } from './deployJobInput';

/** One image override to record before the deploy: `service`'s image `image` to `ref`. */
export interface ImageOverride {
  service: string;
  image: string;
  ref: string;
}

/**
 * The references the spec asks for, by `service` or `service.image` key:
 * given literally, or pinned to the upstream job's `digest` output
 * (`repo@digest`, `repo:tag@digest` when its `image` output has a tag) for
 * every listed service (`fromJob`).
 */
export function requestedImages(
  spec: Pick<DeployJobInput, 'images' | 'services'>,
  upstream: Record<string, Record<string, unknown>>,
): Record<string, string> {
  const images = spec.images;
  if (!images) return {};
  if (!('fromJob' in images) || typeof images.fromJob !== 'string') {
    return images as Record<string, string>;
  }
  const job = images.fromJob;
  const outputs = upstream[job];
  if (!outputs) {
    throw new InputError(
      `images.fromJob: job '${job}' has no outputs (it is not an earlier job of this run, or it set none)`,
    );
  }
  const { image, digest } = outputs;
  if (typeof image !== 'string' || typeof digest !== 'string') {
    throw new InputError(
      `images.fromJob: job '${job}' did not output both 'image' and 'digest'`,
    );
  }
  const { repository, tag } = parseImageReference(
    image,
    `Output 'image' of job '${job}'`,
  );
  // The tag stays for charts that render `repository:tag`: `repo:tag@digest`
  // is still pinned by the digest.
  const pinned = `${repository}${tag ? `:${tag}` : ''}@${digest}`;
  parseImageReference(pinned, `Image of job '${job}'`);
  return Object.fromEntries(
    (spec.services ?? []).map(service => [service, pinned]),
  );
}

/**
 * Maps each requested key to the service's image name: `service.image`
 * names it; `service` takes the revision's only image, or the one named
 * `main`. InputError for a Helm chart without that image and for a
 * manifests service (its images come from its manifests' variables).
 */
export function imageOverrides(
  requested: Record<string, string>,
  specOf: (service: string) => ServiceSpec,
): ImageOverride[] {
  return Object.entries(requested).map(([key, ref]) => {
    const dot = key.indexOf('.');
    const service = dot < 0 ? key : key.slice(0, dot);
    const named = dot < 0 ? undefined : key.slice(dot + 1);
    parseImageReference(ref, `images.${key}`);
    const spec = specOf(service);
    if (spec.kind !== 'helm') {
      throw new InputError(
        `images.${key}: service '${service}' deploys manifests; image overrides apply to Helm services (set the image through its variables)`,
      );
    }
    const names = spec.images.map(i => i.name);
    const image =
      named ?? (names.length === 1 ? names[0] : names.find(n => n === 'main'));
    if (!image || !names.includes(image)) {
      throw new InputError(
        `images.${key}: service '${service}' ${
          names.length === 0
            ? 'declares no images'
            : `has images ${names.join(', ')}; name one as '${service}.<image>'`
        }`,
      );
    }
    return { service, image, ref };
  });
}
