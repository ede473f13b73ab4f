import { HttpAuthService } from '@backstage/backend-plugin-api';
import { Request } from 'express';
import { HealthService } from './HealthService';
import { BerthRouter, defineRouteGroup } from '../http/routeGroup';

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
export const healthRoutes = defineRouteGroup(addHealthRoutes);

/** What the health routes use. */
interface HealthRouteDeps {
  health: HealthService;
  httpAuth: HttpAuthService;
}

function addHealthRoutes(router: BerthRouter, { ...deps }: HealthRouteDeps) {
  router.get('/health', async (req, res) => {
    const report = await deps.health.check();
    const code = report.status === 'ok' ? 200 : 503;
    if (!(await isSignedIn(deps.httpAuth, req))) {
      res.status(code).json({ status: report.status });
      return;
    }
    res.status(code).json(report);
  });
}
