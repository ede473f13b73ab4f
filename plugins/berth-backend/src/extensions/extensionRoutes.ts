import { HttpAuthService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { BerthExtensionsListing } from '@berth/plugin-berth-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { parseRequest } from '../http/parseRequest';
import { ChartSourceRegistry } from '../helm/sources/ChartSourceRegistry';
import { BerthExtensions } from './BerthExtensions';

/**
 * What is registered through Berth's extension points, for any signed-in
 * caller: `GET /extensions` lists chart sources (built-in and added), job
 * types and routing drivers by key; `GET /extensions/chart-sources/:key/charts`
 * lists the charts of a source that lists them.
 */
export function extensionRoutes(deps: {
  httpAuth: HttpAuthService;
  extensions: BerthExtensions;
  chartSources: ChartSourceRegistry;
}): express.Router {
  const router = Router();
  const read = (req: express.Request) =>
    deps.httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.get('/extensions', async (req, res) => {
    await read(req);
    const listing: BerthExtensionsListing = {
      chartSources: deps.chartSources
        .list()
        .map(({ key, builtIn, description }) => ({
          key,
          builtIn,
          description,
        })),
      jobTypes: [...deps.extensions.jobTypes.entries()].map(
        ([key, jobType]) => ({
          key,
          name: jobType.name,
          ...(jobType.description && { description: jobType.description }),
        }),
      ),
      routingDrivers: [...deps.extensions.routingDrivers.entries()].map(
        ([key, driver]) => ({
          key,
          name: driver.name,
          ...(driver.description && { description: driver.description }),
        }),
      ),
    };
    res.json(listing);
  });

  router.get('/extensions/chart-sources/:key/charts', async (req, res) => {
    await read(req);
    const { key } = parseRequest(
      z.object({ key: z.string().min(1).max(63) }),
      req.params,
      'path',
    );
    const source = deps.chartSources.list().find(s => s.key === key);
    if (!source) {
      throw new NotFoundError(`No chart source '${key}' is registered`);
    }
    if (!source.listCharts) {
      throw new NotFoundError(`Chart source '${key}' does not list its charts`);
    }
    res.json({ items: await source.listCharts() });
  });

  return router;
}
