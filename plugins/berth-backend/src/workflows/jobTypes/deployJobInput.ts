import { z } from 'zod';

const name = z.string().trim().min(1).max(253);

/** `images: { fromJob: build }`: the upstream job's `image` and `digest` outputs, pinned as `repo@digest`. */
export const fromJobSchema = z.object({ fromJob: name }).strict();

/**
 * The spec of a `deploy` job: an environment of the run's project (by name
 * or id), the services to deploy (default all, in start order) and image
 * overrides, each `service` (its only image, or the one named `main`) or
 * `service.image` to a reference, or `{ fromJob }` for every listed service.
 */
export const deployJobInput = z
  .object({
    environment: name,
    services: z.array(name).min(1).max(100).optional(),
    images: z
      .union([fromJobSchema, z.record(name, z.string().trim().min(1).max(512))])
      .optional(),
  })
  .strict()
  .superRefine((spec, ctx) => {
    if (spec.images && 'fromJob' in spec.images && !spec.services) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['images', 'fromJob'],
        message:
          'images.fromJob needs `services`: the services that run the built image',
      });
    }
  });

export type DeployJobInput = z.infer<typeof deployJobInput>;

/** The outputs of a `deploy` job. */
export const deployJobOutput = z.object({
  operationId: z.string(),
  environmentId: z.string(),
});

/**
 * What a deploy job saves to find its operation again after a takeover:
 * its outputs.
 */
export type DeployCheckpoint = z.infer<typeof deployJobOutput>;

export function isDeployCheckpoint(value: unknown): value is DeployCheckpoint {
  return deployJobOutput.safeParse(value).success;
}
