import { InputError } from '@backstage/errors';
import { z } from 'zod';

/**
 * Parses a request body (or query) with a schema; on failure an InputError
 * lists each problem with its path, e.g. `environments.0.tier: Invalid option`.
 */
export function parseRequest<T extends z.ZodType>(
  schema: T,
  input: unknown,
  what = 'request body',
): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues
    .slice(0, 10)
    .map(issue =>
      issue.path.length
        ? `${issue.path.join('.')}: ${issue.message}`
        : issue.message,
    );
  throw new InputError(`Invalid ${what}: ${problems.join('; ')}`);
}

const MAX_YAML = 256 * 1024;

/** YAML text fields: bounded before they are parsed. */
export const yamlText = z
  .string()
  .max(MAX_YAML, `must be at most ${MAX_YAML / 1024} KiB`);

/** Per-service settings of an environment. */
export const serviceSettingsSchema = z
  .object({
    revision: z.number().int().positive().optional(),
    values: yamlText.optional(),
    images: z.record(z.string().max(63), z.string().min(1).max(512)).optional(),
    set: z.record(z.string().min(1).max(512), z.string().max(4096)).optional(),
    variables: z.record(z.string().max(63), z.unknown()).optional(),
  })
  .strict();

export const createEnvironmentsSchema = z
  .object({
    environments: z
      .array(
        z
          .object({
            name: z.string(),
            cluster: z.string(),
            namespace: z.string().optional(),
            tier: z.enum(['development', 'testing', 'staging', 'production']),
            values: yamlText.optional(),
            services: z.record(z.string(), serviceSettingsSchema).optional(),
            adoptNamespace: z.boolean().optional(),
            deploy: z.boolean().optional(),
          })
          .strict(),
      )
      .min(1)
      .max(20),
  })
  .strict();

export const scaleSchema = z
  .object({ replicas: z.number().int().min(0).max(1000) })
  .strict();
