import { WORKFLOW_PARAM_TYPES } from '@berth/plugin-berth-common';
import { z } from 'zod';

const name = (what: string) =>
  z
    .string()
    .min(1, `${what} name is empty`)
    .max(63, `${what} name is longer than 63 characters`)
    .regex(
      /^[A-Za-z_][A-Za-z0-9_-]*$/,
      `${what} name must start with a letter or _ and hold only letters, digits, - and _`,
    );

const paramValue = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.string()),
]);

const param = z.strictObject({
  name: name('A param'),
  type: z.enum(WORKFLOW_PARAM_TYPES as [string, ...string[]]),
  title: z.string().max(255).optional(),
  description: z.string().max(4000).optional(),
  default: paramValue.optional(),
  required: z.boolean().optional(),
  options: z.array(z.string()).max(500).optional(),
  optionsFrom: z.enum(['environments', 'components']).optional(),
});

const job = z.strictObject({
  name: name('A job'),
  type: z.string().min(1, 'a job needs a type'),
  spec: z.record(z.string(), z.unknown()).default({}),
  timeoutMinutes: z
    .number()
    .positive()
    .max(7 * 24 * 60)
    .optional(),
  retry: z
    .strictObject({
      max: z.number().int().min(0).max(10),
      backoffSeconds: z.number().min(0).max(3600).optional(),
    })
    .optional(),
  onError: z.enum(['stop', 'ignore', 'manual']).optional(),
  optional: z.boolean().optional(),
});

const stage = z.strictObject({
  name: z.string().min(1).max(255),
  jobs: z.array(job).min(1, 'a stage needs at least one job').max(50),
  manual: z.boolean().optional(),
  continueOnError: z.boolean().optional(),
});

const gitTrigger = z.strictObject({
  type: z.literal('git'),
  name: name('A trigger'),
  provider: z.enum(['github', 'gitlab']),
  repo: z.string().min(1),
  events: z.array(z.enum(['push', 'pull_request', 'tag'])).min(1),
  branches: z.string().optional(),
  paths: z.array(z.string()).optional(),
  params: z.record(z.string(), paramValue).optional(),
  supersede: z.boolean().optional(),
});

const cronTrigger = z.strictObject({
  type: z.literal('cron'),
  name: name('A trigger'),
  cron: z.string().min(1),
  timeZone: z.string().optional(),
  params: z.record(z.string(), paramValue).optional(),
});

/** The shape of a workflow definition (what its YAML holds). */
export const workflowDefinitionSchema = z.strictObject({
  title: z.string().max(255).optional(),
  description: z.string().max(4000).optional(),
  params: z.array(param).max(100).optional(),
  stages: z.array(stage).min(1, 'a workflow needs at least one stage').max(50),
  triggers: z
    .array(z.discriminatedUnion('type', [gitTrigger, cronTrigger]))
    .max(50)
    .optional(),
  concurrency: z
    .strictObject({
      limit: z.number().int().min(1).max(100).optional(),
      group: z.string().max(512).optional(),
      onNew: z.enum(['queue', 'supersede']).optional(),
    })
    .optional(),
});
