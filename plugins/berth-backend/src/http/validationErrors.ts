import { InputError, NotFoundError } from '@backstage/errors';
import express from 'express';

/** One problem as express-openapi-validator reports it. */
type ValidatorProblem = { path?: string; message?: string; errorCode?: string };

const PARTS: Record<string, string> = {
  body: 'request body',
  query: 'query',
  params: 'path',
  path: 'path',
  headers: 'headers',
};

/**
 * The validator's problems as one InputError message in Berth's shape:
 * `Invalid request body: environments.0.tier: must be equal to one of the
 * allowed values: ...`, the field by its dotted path, an unknown field by its
 * name.
 */
export function validationMessage(error: {
  message?: string;
  errors?: ValidatorProblem[];
}): string {
  const problems = (error.errors ?? []).slice(0, 10);
  if (problems.length === 0) return error.message ?? 'Invalid request';
  const groups = new Map<string, string[]>();
  for (const problem of problems) {
    const [, part = '', ...field] = (problem.path ?? '').split('/');
    const what = PARTS[part] ?? 'request';
    const message = problem.errorCode?.startsWith('additionalProperties')
      ? 'unknown field'
      : problem.message ?? 'invalid';
    const text = field.length ? `${field.join('.')}: ${message}` : message;
    groups.set(what, [...(groups.get(what) ?? []), text]);
  }
  return [...groups]
    .map(([what, texts]) => `Invalid ${what}: ${texts.join('; ')}`)
    .join('; ');
}

/**
 * Replaces the generated router's validation error handler (which keeps only
 * the validator's summary, without the name of an unknown field) with one
 * that reports every problem by field. Fails when the router has not exactly
 * one error handler, so a change of `@backstage/backend-openapi-utils` shows.
 */
export function useFieldValidationMessages(router: express.Router): void {
  const handlers = (router.stack as Array<{ handle: Function }>).filter(
    layer => layer.handle.length === 4,
  );
  if (handlers.length !== 1) {
    throw new Error(
      `Expected one validation error handler in the OpenAPI router, found ${handlers.length}`,
    );
  }
  handlers[0].handle = (
    error: any,
    _req: express.Request,
    _res: express.Response,
    next: express.NextFunction,
  ) => {
    // No operation for this method and path: what express says without a route.
    if (error?.status === 404 || error?.status === 405) {
      next(new NotFoundError(error.message));
      return;
    }
    next(new InputError(validationMessage(error ?? {})));
  };
}
