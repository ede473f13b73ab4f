import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { KubeConfig } from '@kubernetes/client-node';
import { BoundedKubeConfig } from '../kubernetes/BoundedKubeConfig';
import {
  ClusterRequestSettings,
  DEFAULT_REQUEST_TIMEOUT_MS,
} from '../kubernetes/requestSettings';

/** The credentials Berth presents to a cluster's API server. */
export type ClusterCredentials =
  | { type: 'token'; token: string }
  /** Base64-encoded PEM certificate and key, as in a kubeconfig. */
  | { type: 'clientCertificate'; certData: string; keyData: string };

/** How Berth reaches one cluster. Holds secrets: never log or return it. */
export interface ClusterAccess {
  url: string;
  /** Base64-encoded PEM of the API server's certificate authority. */
  caData?: string;
  caFile?: string;
  skipTLSVerify: boolean;
  /** Absent when Berth has no credentials for the cluster. */
  credentials?: ClusterCredentials;
}

/**
 * Reads Berth's own credentials for a cluster from `berth.clusters.<name>`:
 * `serviceAccountToken`, or `clientCertificate: { certData, keyData }`.
 */
export function readBerthCredentials(
  config: Config,
  name: string,
): ClusterCredentials | undefined {
  const settings = config
    .getOptionalConfig('berth.clusters')
    ?.getOptionalConfig(name);
  if (!settings) {
    return undefined;
  }
  const token = settings.getOptionalString('serviceAccountToken');
  const certificate = settings.getOptionalConfig('clientCertificate');
  if (token && certificate) {
    throw new InputError(
      `berth.clusters.${name} sets both serviceAccountToken and clientCertificate; set only one`,
    );
  }
  if (certificate) {
    return {
      type: 'clientCertificate',
      certData: certificate.getString('certData'),
      keyData: certificate.getString('keyData'),
    };
  }
  return token ? { type: 'token', token } : undefined;
}

/**
 * A KubeConfig with a single context for the cluster, whose API clients bound
 * every request (see BoundedKubeConfig; default: 30 s, no listeners). Throws
 * InputError when Berth has no credentials for it.
 */
export function makeKubeConfig(
  name: string,
  access: ClusterAccess,
  requestSettings: ClusterRequestSettings = {
    cluster: name,
    requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS,
  },
): KubeConfig {
  const { credentials } = access;
  if (!credentials) {
    throw new InputError(
      `Berth has no credentials for cluster '${name}'; set berth.clusters.${name}.serviceAccountToken or berth.clusters.${name}.clientCertificate`,
    );
  }
  const user =
    credentials.type === 'token'
      ? { name: `berth-${name}`, token: credentials.token }
      : {
          name: `berth-${name}`,
          certData: credentials.certData,
          keyData: credentials.keyData,
        };
  const kc = new BoundedKubeConfig(requestSettings);
  kc.loadFromOptions({
    clusters: [
      {
        name,
        server: access.url,
        caData: access.caData,
        caFile: access.caFile,
        skipTLSVerify: access.skipTLSVerify,
      },
    ],
    users: [user],
    contexts: [{ name, cluster: name, user: user.name }],
    currentContext: name,
  });
  return kc;
}
