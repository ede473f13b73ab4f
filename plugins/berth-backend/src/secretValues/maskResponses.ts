import { RequestHandler } from 'express';
import { maskSecretTokensDeep } from './maskSecrets';

/**
 * Middleware: every JSON answer has its sealed secret values masked, in
 * whatever field they are (values texts, settings, deployment records,
 * previews, diffs), so none leaves the backend even sealed.
 */
export function maskSecretResponses(): RequestHandler {
  return (_req, res, next) => {
    const json = res.json.bind(res);
    res.json = body => json(maskSecretTokensDeep(body));
    next();
  };
}
