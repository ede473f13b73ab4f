import { z } from 'zod';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Variables the job runner reads: a job may not set them. */
export const RESERVED_ENV = [
  'JOB_SCRIPT',
  'OUTPUTS_PATH',
  'JUNIT_PATHS',
  'TERMINATION_MESSAGE_PATH',
];

const oneOrMore = z.union([
  z.string().min(1),
  z.array(z.string().min(1)).min(1),
]);

const fields = {
  /** Image to run the commands in (needs /bin/sh); default the job runner's. */
  image: z.string().min(1).optional(),
  /** A script, or commands run one after the other until one fails. */
  commands: oneOrMore,
  env: z.record(z.string().regex(ENV_NAME), z.string()).optional(),
  /** The cluster (with `namespace`; with `environment`, the environment's). */
  cluster: z.string().min(1).optional(),
  /** A namespace listed in `berth.workflows.jobs.namespaces`. */
  namespace: z.string().regex(DNS_LABEL).optional(),
  /** An environment of the workflow's project: the job runs in its namespace. */
  environment: z.string().min(1).optional(),
  /** Outputs the job must give (in /berth/outputs.json). */
  outputs: z.array(z.string().min(1)).optional(),
};

/** Params of a `script` job. */
export type ScriptJobInput = {
  image?: string;
  commands: string | string[];
  env?: Record<string, string>;
  cluster?: string;
  namespace?: string;
  environment?: string;
  outputs?: string[];
};

/** Params of a `test` job: a script job with JUnit XML reports. */
export type TestJobInput = ScriptJobInput & {
  /** Globs of JUnit XML files (`**` for any directories), read after the commands. */
  junit: string | string[];
};

function where(
  input: ScriptJobInput,
  context: z.RefinementCtx,
  namespaces: string[],
): void {
  const issue = (path: string, message: string) =>
    context.addIssue({ code: 'custom', path: [path], message });
  if (Boolean(input.namespace) === Boolean(input.environment)) {
    issue('environment', 'give either environment or namespace (with cluster)');
  }
  if (input.namespace && !input.cluster) {
    issue('cluster', 'a job in a namespace needs its cluster');
  }
  if (input.namespace && !namespaces.includes(input.namespace)) {
    issue(
      'namespace',
      `namespace '${
        input.namespace
      }' is not in berth.workflows.jobs.namespaces${
        namespaces.length ? ` (${namespaces.join(', ')})` : ''
      }`,
    );
  }
  for (const name of Object.keys(input.env ?? {})) {
    if (RESERVED_ENV.includes(name)) {
      issue('env', `${name} is set by Berth`);
    }
  }
}

/** The zod schema of a `script` job's params; `namespaces` are those a job may name. */
export function scriptJobInputSchema(namespaces: string[]) {
  return z
    .strictObject(fields)
    .superRefine((input, context) => where(input, context, namespaces));
}

/** The zod schema of a `test` job's params. */
export function testJobInputSchema(namespaces: string[]) {
  return z
    .strictObject({ ...fields, junit: oneOrMore })
    .superRefine((input, context) => where(input, context, namespaces));
}
