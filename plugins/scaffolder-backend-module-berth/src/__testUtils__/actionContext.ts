import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import { JsonObject, JsonValue } from '@backstage/types';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A scaffolder action context for calling a handler directly, as the task
 * runner would: the initiator's credentials, recorded outputs, and
 * checkpoints kept in `checkpoints` (share one map between two calls to act
 * out a task recovered after a restart).
 */
export function actionContext<I extends JsonObject>(options: {
  input: I;
  user?: string;
  isDryRun?: boolean;
  checkpoints?: Map<string, JsonValue | undefined>;
}) {
  const outputs: Record<string, JsonValue> = {};
  const checkpoints = options.checkpoints ?? new Map();
  const calls: string[] = [];
  const ctx: ActionContext<I, any> = {
    input: options.input,
    logger: mockServices.logger.mock(),
    workspacePath: mkdtempSync(join(tmpdir(), 'berth-action-')),
    task: { id: 'task-1' },
    isDryRun: options.isDryRun ?? false,
    output: (name: any, value: any) => {
      outputs[name] = value;
    },
    async checkpoint({ key, fn }) {
      calls.push(key);
      if (checkpoints.has(key)) return checkpoints.get(key) as any;
      const value = await fn();
      checkpoints.set(key, value as JsonValue | undefined);
      return value;
    },
    createTemporaryDirectory: async () =>
      mkdtempSync(join(tmpdir(), 'berth-action-tmp-')),
    getInitiatorCredentials: async () =>
      mockCredentials.user(options.user ?? 'user:default/olivia'),
  };
  return { ctx, outputs, checkpoints, checkpointCalls: calls };
}
