import type { z as zod } from 'zod/v3';

/** The `z` the scaffolder hands a schema function (zod v3). */
type Z = typeof zod;

/** An environment's tier. */
export function tierSchema(z: Z) {
  return z.enum(['development', 'testing', 'staging', 'production']);
}

/** One service's settings in an environment (Berth's EnvironmentServiceSettings). */
export function serviceSettingsSchema(z: Z) {
  return z
    .object({
      revision: z.number().int().positive().optional(),
      values: z
        .string()
        .max(256 * 1024)
        .optional(),
      images: z.record(z.string().min(1)).optional(),
      set: z.record(z.string()).optional(),
      // A manifests service's variables: strings, numbers, booleans or YAML values.
      variables: z.record(z.any()).optional(),
    })
    .strict();
}

/** The Berth project an action works in: a System entity ref. */
export function systemSchema(z: Z) {
  return z.string().min(1).describe('The Berth project: a System entity ref');
}

/** How an action names an environment: its id, or a System and its name. */
export function environmentSelectorFields(z: Z, what: string) {
  return {
    environmentId: z
      .string()
      .uuid()
      .optional()
      .describe(`The ${what}'s id (or give system and environment)`),
    system: systemSchema(z).optional(),
    environment: z
      .string()
      .min(1)
      .optional()
      .describe(`The ${what}'s name in the project`),
  };
}
