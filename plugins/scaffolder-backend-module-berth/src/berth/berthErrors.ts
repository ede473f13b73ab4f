import { ResponseError } from '@backstage/errors';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';

/**
 * Berth's own error for a refused request: BerthClient throws a
 * `ResponseError` whose message is only the status ("Request failed with
 * 403 Forbidden"); the step should say what Berth said, under Berth's error
 * name (NotAllowedError, NotFoundError, InputError, ConflictError...).
 */
export function berthError(error: unknown): unknown {
  if (!(error instanceof ResponseError)) return error;
  const said = new Error(
    `Berth answered ${error.statusCode}: ${error.cause.message}`,
  );
  said.name = error.cause.name;
  return said;
}

/** The action with Berth's refusals reported in Berth's words. */
export function withBerthErrors<A extends TemplateAction<any, any, any>>(
  action: A,
): A {
  return {
    ...action,
    async handler(ctx) {
      try {
        await action.handler(ctx);
      } catch (error) {
        throw berthError(error);
      }
    },
  };
}
