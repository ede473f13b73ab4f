import { BerthJobType } from '@berth/plugin-berth-node';
import { z } from 'zod';
import { runScriptJob, ScriptJobTypeOptions } from './runScriptJob';
import {
  ScriptJobInput,
  scriptJobInputSchema,
  TestJobInput,
  testJobInputSchema,
} from './scriptJobInput';

export type { ScriptJobTypeOptions } from './runScriptJob';

/** `script`: shell commands in an image, as a Kubernetes Job; outputs from /berth/outputs.json. */
export function createScriptJobType(
  options: ScriptJobTypeOptions,
): BerthJobType<ScriptJobInput, Record<string, string>> {
  return {
    name: 'Run a script',
    description:
      'Runs shell commands in an image as a Kubernetes Job, in an environment or a configured namespace; outputs come from /berth/outputs.json (a JSON object of strings).',
    inputSchema: scriptJobInputSchema(options.settings.namespaces),
    outputSchema: z.record(z.string(), z.string()),
    async run(context) {
      await runScriptJob(context, options, 'script');
    },
  };
}

/** The outputs of a `test` job (besides those of /berth/outputs.json). */
export interface TestJobOutputs {
  passed: number;
  failed: number;
  skipped: number;
  failures: string[];
}

/** `test`: a script job whose JUnit XML reports are summarised; fails when a test failed. */
export function createTestJobType(
  options: ScriptJobTypeOptions,
): BerthJobType<TestJobInput, TestJobOutputs> {
  return {
    name: 'Run tests',
    description:
      'Runs test commands in an image as a Kubernetes Job and summarises the JUnit XML reports its `junit` globs match (passed, failed, skipped, the failures\u2019 names); fails when a test failed.',
    inputSchema: testJobInputSchema(options.settings.namespaces),
    outputSchema: z
      .object({
        passed: z.number(),
        failed: z.number(),
        skipped: z.number(),
        failures: z.array(z.string()),
      })
      .catchall(z.unknown()) as unknown as z.ZodType<TestJobOutputs>,
    async run(context) {
      await runScriptJob(context, options, 'test');
    },
  };
}
