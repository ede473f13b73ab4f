import type { z as zod } from 'zod/v3';

/**
 * Where a chart comes from (Berth's ChartImportSource without uploads, which
 * a template cannot make): a chart repository (configured by name, or by
 * URL), an OCI registry, a Git tree, or a chart source a module added.
 */
export function chartSourceSchema(z: typeof zod) {
  const version = z.string().min(1).max(128);
  return z
    .discriminatedUnion('type', [
      z
        .object({
          type: z.literal('repository'),
          repository: z.string().min(1).optional(),
          url: z.string().url().optional(),
          chart: z.string().min(1),
          version,
        })
        .strict(),
      z
        .object({
          type: z.literal('oci'),
          ref: z.string().regex(/^oci:\/\//),
          version,
          registry: z.string().min(1).optional(),
        })
        .strict(),
      z
        .object({
          type: z.literal('git'),
          url: z.string().url(),
          path: z.string().min(1),
        })
        .strict(),
      z
        .object({
          type: z.literal('extension'),
          source: z.string().min(1),
          chart: z.string().min(1),
          version,
        })
        .strict(),
    ])
    .describe(
      'The chart: { type: repository, repository | url, chart, version }, { type: oci, ref, version }, { type: git, url, path } or { type: extension, source, chart, version }',
    );
}
