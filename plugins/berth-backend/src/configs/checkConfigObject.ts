import { InputError } from '@backstage/errors';
import {
  ENVIRONMENT_CONFIG_KINDS,
  EnvironmentConfigKind,
} from '@berth/plugin-berth-common';
import {
  SERVER_SET_METADATA,
  withoutServerMetadata,
} from '../kubernetes/withoutServerMetadata';
import { assertDnsSubdomain } from '../names';
import { isPlainObject } from '../values/plainValues';

/** The API version of each config kind. */
export const CONFIG_API_VERSIONS: Record<EnvironmentConfigKind, string> = {
  ConfigMap: 'v1',
  Secret: 'v1',
  Ingress: 'networking.k8s.io/v1',
  PersistentVolumeClaim: 'v1',
};

/**
 * Metadata the API server sets, with what belongs to an object's life
 * (deletion, owners, finalizers); dropped from what is applied.
 */
const DROPPED_METADATA = [
  ...SERVER_SET_METADATA,
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'ownerReferences',
  'finalizers',
];

/** A config object checked for Berth: its kind, name and namespace are right. */
export interface ConfigObject {
  apiVersion: string;
  kind: EnvironmentConfigKind;
  metadata: {
    name: string;
    namespace: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

/** The config kind named in a URL (case-insensitive), or an InputError. */
export function parseConfigKind(kind: unknown): EnvironmentConfigKind {
  const found = ENVIRONMENT_CONFIG_KINDS.find(
    k => typeof kind === 'string' && k.toLowerCase() === kind.toLowerCase(),
  );
  if (!found) {
    throw new InputError(
      `Config kind ${JSON.stringify(
        kind,
      )} is not one Berth manages; use one of ${ENVIRONMENT_CONFIG_KINDS.join(
        ', ',
      )}`,
    );
  }
  return found;
}

/**
 * Checks an environment config object before it goes to the API server:
 * one of the managed kinds at its API version, a DNS-subdomain name, no other
 * namespace than the environment's (set when absent), no status, no
 * server-set metadata. What the API server itself checks (the schema) is
 * left to a server-side dry-run.
 */
export function checkConfigObject(
  input: unknown,
  namespace: string,
): ConfigObject {
  if (!isPlainObject(input)) {
    throw new InputError('The config must be a Kubernetes object (a mapping)');
  }
  const kind = parseConfigKind(input.kind);
  const apiVersion = CONFIG_API_VERSIONS[kind];
  if (input.apiVersion !== apiVersion) {
    throw new InputError(
      `A ${kind} config has apiVersion '${apiVersion}', not ${JSON.stringify(
        input.apiVersion,
      )}`,
    );
  }
  if (!isPlainObject(input.metadata)) {
    throw new InputError(`The ${kind} has no metadata`);
  }
  const { name, namespace: given } = input.metadata;
  assertDnsSubdomain(name, `${kind} name`);
  if (given !== undefined && given !== null && given !== namespace) {
    throw new InputError(
      `${kind} '${name}' names namespace ${JSON.stringify(
        given,
      )}; environment configs go into the environment's namespace '${namespace}'`,
    );
  }
  for (const field of ['labels', 'annotations'] as const) {
    const map = input.metadata[field];
    if (
      map !== undefined &&
      (!isPlainObject(map) ||
        Object.values(map).some(value => typeof value !== 'string'))
    ) {
      throw new InputError(
        `${kind} '${name}': metadata.${field} must map names to strings`,
      );
    }
  }
  return {
    ...withoutServerMetadata(input, namespace, DROPPED_METADATA),
    apiVersion,
    kind,
  } as ConfigObject;
}
