import { HttpAuthService } from '@backstage/backend-plugin-api';
import express, { Request } from 'express';
import { HealthService } from './HealthService';
import { routeGroup } from '../http/routeGroup';

/** Whether the request carries a valid user or service token. */
async function isSignedIn(httpAuth: HttpAuthService, req: Request) {
  try {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service', 'none'],
    });
    return credentials.principal.type !== 'none';
  } catch {
    // An invalid or expired token: answered like no token at all.
    return false;
  }
}

/**
 * `GET /health`: 200 when the database answers, 503 otherwise. Open to
 * unauthenticated callers (probes), who get only `{ status }` (`ok` or
 * `degraded`); with a valid user or service token the report also names
 * the database and the clusters. It never shows credentials.
 */
export function healthRoutes(deps: {
  health: HealthService;
  httpAuth: HttpAuthService;
}): express.Router {
  const router = routeGroup();
  router.get('/health', async (req, res) => {
    const report = await deps.health.check();
    const code = report.status === 'ok' ? 200 : 503;
    if (!(await isSignedIn(deps.httpAuth, req))) {
      res.status(code).json({ status: report.status });
      return;
    }
    res.status(code).json(report);
  });
  return router;
}
