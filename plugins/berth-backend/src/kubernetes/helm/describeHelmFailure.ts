import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { HelmProcessError } from '../../helmCli';
import { HelmError } from '../HelmError';

/** What a failed helm call was about, for its error message. */
export interface HelmCallSubject {
  helmPath: string;
  /** e.g. `upgrade --install`. */
  command: string;
  /** e.g. `release 'cart' in namespace 'ns'`. */
  what: string;
  namespace: string;
  release?: string;
  signal?: AbortSignal;
}

export function abortReason(signal?: AbortSignal): string {
  const reason = signal?.reason as { message?: unknown } | undefined;
  return typeof reason?.message === 'string' && reason.message
    ? reason.message
    : String(reason ?? 'aborted');
}

/**
 * The error a failed helm call rejects with: NotFoundError for a missing
 * release, ConflictError when another helm works on it, NotAllowedError for
 * a forbidden `lookup`, else a HelmError ending with helm's error output.
 * Other errors pass unchanged.
 */
export function describeHelmFailure(
  error: unknown,
  subject: HelmCallSubject,
): Error {
  if (!(error instanceof HelmProcessError)) return error as Error;
  const { command, what } = subject;
  const { stderr, aborted, timedOut, systemCode, exitCode, processMessage } =
    error.failure;
  if (aborted) {
    return new HelmError(
      `helm ${command} for ${what} was aborted (${abortReason(
        subject.signal,
      )}) and stopped${stderr ? `: ${stderr}` : ''}`,
      stderr,
    );
  }
  if (systemCode) {
    return new HelmError(
      `Could not run helm (${subject.helmPath}) for ${what}: ${processMessage}`,
      stderr,
    );
  }
  if (timedOut) {
    return new HelmError(
      `helm ${command} for ${what} did not finish in time and was stopped${
        stderr ? `: ${stderr}` : ''
      }`,
      stderr,
    );
  }
  if (/release: not found/.test(stderr)) {
    return new NotFoundError(
      `Helm release '${subject.release}' not found in namespace '${subject.namespace}'`,
    );
  }
  if (
    /another operation \(install\/upgrade\/rollback\) is in progress/.test(
      stderr,
    )
  ) {
    return new ConflictError(`Helm is already changing ${what}: ${stderr}`);
  }
  // Helm's Kubernetes access goes through the API proxy, which turns a
  // forbidden read into NotFound (lookup renders empty); should helm ever
  // see the refusal itself, the render fails before anything is applied.
  const forbiddenLookup = /error calling lookup: ([^\n]*forbidden[^\n]*)/.exec(
    stderr,
  );
  if (forbiddenLookup) {
    return new NotAllowedError(
      `helm ${command} for ${what} refused: a template calls lookup on an object the deploying identity may not read, so nothing was rendered or applied: ${forbiddenLookup[1]}`,
    );
  }
  return new HelmError(
    `helm ${command} failed for ${what}: ${stderr || processMessage}`,
    stderr,
    exitCode,
  );
}
