import express from 'express';
import Router from 'express-promise-router';
import { HealthService } from './HealthService';

/**
 * `GET /health`: 200 with the report when the database answers, 503 otherwise.
 * Open to unauthenticated callers (probes); it shows no credentials.
 */
export function healthRoutes(health: HealthService): express.Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    const report = await health.check();
    res.status(report.status === 'ok' ? 200 : 503).json(report);
  });
  return router;
}
