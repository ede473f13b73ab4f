import { ServiceSpec } from '@berth/plugin-berth-common';
import { ServiceSpec as ServiceSpecBody } from '../schema/openapi/generated/models/ServiceSpec.model';

/**
 * A service spec of a request body (validated against openapi.yaml, where
 * `values`, `images` and `variables` are optional) as the model's
 * `ServiceSpec`, with their defaults: no values, no image paths, no variables.
 */
export function serviceSpecOf(body: ServiceSpecBody): ServiceSpec {
  if (body.kind === 'helm') {
    return {
      ...body,
      values: body.values ?? '',
      images: body.images ?? [],
    } as ServiceSpec;
  }
  return { ...body, variables: body.variables ?? [] } as ServiceSpec;
}
