import { BerthExtensionsListing } from '@berth/plugin-berth-common';
import { ChartSourceRegistry } from '../helm/sources/ChartSourceRegistry';
import { BerthExtensions } from './BerthExtensions';
import { BerthRouter, defineRouteGroup } from '../http/routeGroup';
import { RouteRequests } from '../http/routeRequests';

/**
 * What is registered through Berth's extension points, for any signed-in
 * caller: `GET /extensions` lists chart sources (built-in and added), job
 * types and routing drivers by key. A source's charts are listed under a
 * project (`GET /projects/:namespace/:name/helm/sources/:key/charts`), as every
 * chart listing is.
 */
export const extensionRoutes = defineRouteGroup(addExtensionRoutes);

/** What the extension routes use. */
interface ExtensionRouteDeps {
  requests: RouteRequests;
  extensions: BerthExtensions;
  chartSources: ChartSourceRegistry;
}

function addExtensionRoutes(
  router: BerthRouter,
  { ...deps }: ExtensionRouteDeps,
) {
  router.get('/extensions', async (req, res) => {
    await deps.requests.credentials(req);
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
}
