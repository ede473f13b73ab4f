import { z } from 'zod';

/** What the job runner image writes as its termination message. */
export interface RunnerMessage {
  exitCode: number;
  outputs: Record<string, string>;
  tests?: {
    passed: number;
    failed: number;
    skipped: number;
    failures: string[];
    /** Failures' names left out to fit the message's 4096 bytes. */
    failuresOmitted: number;
  };
  /** Problems with the outputs file or the test reports. */
  errors: string[];
}

const count = z.number().int().min(0);
const schema = z.object({
  exitCode: z.number().int(),
  outputs: z.record(z.string(), z.string()).optional(),
  tests: z
    .object({
      passed: count,
      failed: count,
      skipped: count,
      failures: z.array(z.string()).nullish(),
      failuresOmitted: count.optional(),
    })
    .optional(),
  errors: z.array(z.string()).nullish(),
});

/**
 * Reads the job runner's JSON termination message; undefined when the
 * message is not one (another image, a plain text message, none).
 */
export function parseRunnerMessage(
  message: string | undefined,
): RunnerMessage | undefined {
  if (!message?.trim().startsWith('{')) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return undefined;
  const { exitCode, outputs, tests, errors } = parsed.data;
  return {
    exitCode,
    outputs: outputs ?? {},
    ...(tests
      ? {
          tests: {
            passed: tests.passed,
            failed: tests.failed,
            skipped: tests.skipped,
            failures: tests.failures ?? [],
            failuresOmitted: tests.failuresOmitted ?? 0,
          },
        }
      : {}),
    errors: errors ?? [],
  };
}
