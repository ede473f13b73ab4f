import type { z as zod } from 'zod/v3';

/** The zod the actions registry hands to an action's schema functions. */
export type Zod = typeof zod;

/** An environment's id, as every environment action takes it. */
export const environmentIdInput = (z: Zod) =>
  z
    .string()
    .uuid()
    .describe("The environment's id (from berth.list-environments), a UUID");

/** A project, as a catalog System reference. */
export const projectInput = (z: Zod) =>
  z
    .string()
    .min(1)
    .max(255)
    .describe(
      "The project: its catalog System, as 'system:default/shop', 'default/shop' or 'shop'",
    );

/** A DNS-1123 label (environment and service names, namespaces). */
export const dnsLabelInput = (z: Zod, what: string) =>
  z
    .string()
    .min(1)
    .max(63)
    .regex(
      /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
      'must be a DNS-1123 label: lower-case letters, digits and -',
    )
    .describe(what);

/** An environment's tier. */
export const tierInput = (z: Zod) =>
  z.enum(['development', 'testing', 'staging', 'production']);

/** What a destructive action answers: the operation it started. */
export const startedOperationOutput = (z: Zod) =>
  z.object({
    operationId: z
      .string()
      .describe('The operation started; follow it with berth.get-operation'),
    environmentId: z.string(),
    status: z.string(),
    title: z.string(),
  });
