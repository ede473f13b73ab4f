import { CustomErrorBase } from '@backstage/errors';

/** Helm failed; the message ends with Helm's own (trimmed) error output. */
export class HelmError extends CustomErrorBase {
  name = 'HelmError' as const;

  constructor(
    message: string,
    /** Helm's error output, trimmed. */
    readonly stderr: string,
    /** Helm's exit code, when it exited. */
    readonly exitCode?: number,
  ) {
    super(message);
  }
}
