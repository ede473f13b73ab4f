import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../kubernetes/requestSettings';

/**
 * `berth.kubernetes.requestTimeoutSeconds` in milliseconds (default 30 s):
 * how long one Kubernetes API call may take. InputError unless positive.
 */
export function readRequestTimeoutMs(config: Config): number {
  const key = 'berth.kubernetes.requestTimeoutSeconds';
  const seconds = config.getOptionalNumber(key);
  if (seconds === undefined) {
    return DEFAULT_REQUEST_TIMEOUT_MS;
  }
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new InputError(
      `${key} must be a positive number of seconds, not ${seconds}`,
    );
  }
  return Math.round(seconds * 1000);
}
