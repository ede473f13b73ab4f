import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { healthRoutes } from './health/healthRoutes';
import { HealthService } from './health/HealthService';

/** Berth's REST API, mounted by the backend under `/api/berth`. */
export function createRouter(options: {
  config: RootConfigService;
  logger: LoggerService;
  health: HealthService;
}): express.Router {
  const router = Router();
  router.use(express.json({ limit: '1mb' }));
  router.use(healthRoutes(options.health));
  router.use(MiddlewareFactory.create(options).error());
  return router;
}
