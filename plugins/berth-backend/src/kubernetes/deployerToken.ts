import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { DEPLOYER_NAME } from './deployerIdentity';
import { kubeError } from './kubeErrors';

/** A short-lived token of a namespace's deployer ServiceAccount. */
export interface DeployerToken {
  token: string;
  /** When the API server says it expires (ms since the epoch). */
  expiresAt: number;
}

/**
 * Asks the TokenRequest API, with Berth's credentials (`kc`), for a token of
 * the ServiceAccount `berth-deployer` in `namespace`, valid for
 * `expirationSeconds` (the API server may shorten it; at least 600).
 */
export async function requestDeployerToken(
  kc: KubeConfig,
  namespace: string,
  expirationSeconds: number,
): Promise<DeployerToken> {
  const requestedAt = Date.now();
  let answer;
  try {
    answer = await kc
      .makeApiClient(CoreV1Api)
      .createNamespacedServiceAccountToken({
        name: DEPLOYER_NAME,
        namespace,
        body: {
          apiVersion: 'authentication.k8s.io/v1',
          kind: 'TokenRequest',
          spec: { audiences: [], expirationSeconds },
        },
      });
  } catch (error) {
    throw kubeError(
      `Could not get a token for ServiceAccount '${DEPLOYER_NAME}' in namespace '${namespace}'`,
      error,
    );
  }
  const token = answer.status?.token;
  if (!token) {
    throw new Error(
      `The API server returned no token for ServiceAccount '${DEPLOYER_NAME}' in namespace '${namespace}'`,
    );
  }
  const expiry = answer.status?.expirationTimestamp;
  const expiresAt = expiry
    ? new Date(expiry).getTime()
    : requestedAt + expirationSeconds * 1000;
  return { token, expiresAt };
}
