import { CustomErrorBase } from '@backstage/errors';
import { z } from 'zod';

/** A build that ran and failed, or whose result cannot be read. */
export class BuildFailedError extends CustomErrorBase {
  name = 'BuildFailedError' as const;
}

/** The outputs of a `build` job. */
export const buildOutputSchema = z.object({
  /** The pushed image with its tag, e.g. `registry.example.com/team/app:1.2.0`. */
  image: z.string().min(1),
  /** The manifest digest: deploy `image@digest` (`repo@sha256:...`). */
  digest: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  /** The commit built, when the builder reports it. */
  commit: z
    .string()
    .regex(/^[0-9a-f]{40}$/)
    .optional(),
});

export type BuildOutputs = z.infer<typeof buildOutputSchema>;

/**
 * Reads the builder container's termination message: JSON
 * `{"image", "digest", "commit"?}` on success, `{"error"}` when the builder
 * failed. Anything else is a BuildFailedError naming what was wrong.
 */
export function parseBuildTerminationMessage(
  message: string | undefined,
): BuildOutputs {
  const text = message?.trim();
  if (!text) {
    throw new BuildFailedError(
      'The build left no termination message (no image and digest)',
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BuildFailedError(
      `The build's termination message is not JSON: ${text.slice(0, 200)}`,
    );
  }
  if (
    parsed &&
    typeof parsed === 'object' &&
    typeof (parsed as { error?: unknown }).error === 'string'
  ) {
    throw new BuildFailedError(
      `The build failed: ${(parsed as { error: string }).error}`,
    );
  }
  const result = buildOutputSchema.safeParse(parsed);
  if (!result.success) {
    throw new BuildFailedError(
      `The build's termination message has no valid image and digest: ${result.error.issues
        .map(i => `${i.path.join('.') || 'message'}: ${i.message}`)
        .join('; ')}`,
    );
  }
  return result.data;
}
