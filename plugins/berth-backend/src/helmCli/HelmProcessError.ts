import { CustomErrorBase } from '@backstage/errors';

/** How a helm process failed. */
export interface HelmProcessFailure {
  /** Helm's error output, trimmed (the end is kept). */
  stderr: string;
  /** Helm's exit code, when it exited with one. */
  exitCode?: number;
  /** It ran out of time and was stopped. */
  timedOut: boolean;
  /** Its AbortSignal stopped it (or it was aborted before it started). */
  aborted: boolean;
  /**
   * Node's error code when helm could not be run at all (e.g. `ENOENT`) or
   * its output was too large.
   */
  systemCode?: string;
  /** Node's own description of the failure (it names the command). */
  processMessage: string;
}

/** A helm process failed; see {@link HelmProcessFailure}. */
export class HelmProcessError extends CustomErrorBase {
  name = 'HelmProcessError' as const;

  constructor(message: string, readonly failure: HelmProcessFailure) {
    super(message);
  }

  get stderr(): string {
    return this.failure.stderr;
  }

  get timedOut(): boolean {
    return this.failure.timedOut;
  }
}
