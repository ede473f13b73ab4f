import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { isClusterTimeout } from './ClusterTimeoutError';

/** The HTTP status of a failed Kubernetes API call, when it got that far. */
export function kubeStatusCode(error: unknown): number | undefined {
  const e = error as { code?: unknown; statusCode?: unknown } | undefined;
  if (typeof e?.code === 'number') return e.code;
  return typeof e?.statusCode === 'number' ? e.statusCode : undefined;
}

/**
 * The message of a failed Kubernetes API call: the `message` of the Status
 * the API server answered with when there is one, else the error's own.
 */
export function kubeErrorMessage(error: unknown): string {
  let body = (error as { body?: unknown } | undefined)?.body;
  if (typeof body === 'string') {
    const text = body;
    try {
      body = JSON.parse(text);
    } catch {
      return text.trim() || String((error as Error).message ?? error);
    }
  }
  const message = (body as { message?: unknown } | undefined)?.message;
  if (typeof message === 'string' && message) {
    return message;
  }
  const code = kubeStatusCode(error);
  if (code === 401) {
    return 'the API server did not accept the credentials (HTTP 401)';
  }
  return String((error as Error)?.message ?? error);
}

/**
 * Wraps a failed Kubernetes API call in the `@backstage/errors` error that
 * fits its status, with a message that starts with `what`, e.g.
 * "Could not create namespace 'x'": 400/422 InputError, 403 NotAllowedError,
 * 404 NotFoundError, 409 ConflictError, no answer ServiceUnavailableError
 * (a ClusterTimeoutError stays one, naming the cluster). The status stays
 * readable as `statusCode`. (The original error is not attached as the
 * cause: its message holds the whole HTTP exchange.)
 */
export function kubeError(what: string, error: unknown): Error {
  if (isClusterTimeout(error)) {
    return error.withContext(what);
  }
  const message = `${what}: ${kubeErrorMessage(error)}`;
  const statusCode = kubeStatusCode(error);
  const wrapped = (() => {
    switch (statusCode) {
      case 400:
      case 422:
        return new InputError(message);
      case 403:
        return new NotAllowedError(message);
      case 404:
        return new NotFoundError(message);
      case 409:
        return new ConflictError(message);
      case undefined:
        return new ServiceUnavailableError(message);
      default:
        return new Error(message);
    }
  })();
  return Object.assign(wrapped, { statusCode });
}

/**
 * Makes a Kubernetes API call; when it fails, throws its {@link kubeError}
 * with a message that starts with `what`.
 */
export async function withKubeError<T>(
  what: string,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw kubeError(what, error);
  }
}
