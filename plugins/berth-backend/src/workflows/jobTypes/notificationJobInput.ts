import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { z } from 'zod';

/** Recipients named by role rather than by entity ref. */
export const RECIPIENT_ROLES = ['creator', 'owners', 'approvers'] as const;

const recipient = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .transform((value, ctx) => {
    if ((RECIPIENT_ROLES as readonly string[]).includes(value)) return value;
    try {
      const ref = parseEntityRef(value);
      if (!value.includes(':')) throw new Error('no kind');
      return stringifyEntityRef(ref);
    } catch {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `'${value}' is neither creator, owners, approvers nor an entity ref (kind:namespace/name)`,
      });
      return z.NEVER;
    }
  });

const link = z
  .string()
  .trim()
  .max(2048)
  .refine(
    value => /^\/(?!\/)/.test(value) || /^https?:\/\/[^\s]+$/.test(value),
    'a link is a path in Backstage (/...) or an http(s) URL',
  );

/**
 * The spec of a `notification` job: a Backstage notification to the run's
 * creator, the project's owners, the approvers (listed here, or of the
 * run's earlier approval jobs) and entity refs, and/or a webhook POST of
 * JSON.
 */
export const notificationJobInput = z
  .object({
    to: z.array(recipient).max(100).default([]),
    title: z.string().trim().min(1).max(200),
    description: z.string().max(4000).optional(),
    severity: z.enum(['low', 'normal', 'high', 'critical']).optional(),
    link: link.optional(),
    /** Who `approvers` names; default: the `approvers` outputs of earlier jobs. */
    approvers: z.array(z.string().trim().min(1).max(255)).max(100).optional(),
    webhook: z
      .object({
        url: z.string().trim().url().max(2048),
        headers: z
          .record(z.string().min(1).max(256), z.string().max(4096))
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine(spec => spec.to.length > 0 || spec.webhook, {
    message: 'a notification needs recipients (`to`) or a `webhook`',
    path: ['to'],
  });

export type NotificationJobInput = z.infer<typeof notificationJobInput>;

/** What a notification job saves, so a resumed attempt does not send twice. */
export interface NotificationCheckpoint {
  notified?: boolean;
  webhook?: boolean;
}
