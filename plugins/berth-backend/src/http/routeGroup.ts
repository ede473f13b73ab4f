import { TypedRouter } from '@backstage/backend-openapi-utils';
import { Request } from 'express';
import Router from 'express-promise-router';
import { EndpointMap } from '../schema/openapi/generated/apis';

/** A router whose routes are typed by the OpenAPI contract (openapi.yaml). */
export type BerthRouter = TypedRouter<EndpointMap>;

/**
 * The router of one route group (projects, environments, ...). Its handlers
 * get path, query and body types generated from the spec; the generated
 * router in front of it (`createRouter`) validates every request against the
 * spec before it gets here, so a handler only checks what the spec cannot
 * express.
 */
export function routeGroup(): BerthRouter {
  return Router() as unknown as BerthRouter;
}

/**
 * A request of any route, whatever types its path, query and body have
 * (a typed query with numbers is not an express `Request`'s `ParsedQs`):
 * what the helpers every route calls first take.
 */
export type AnyRequest = Request<any, any, any, any>;

/**
 * A route group from the function that adds its routes: called with a
 * dependencies object (what `createRouter` passes every group), it returns
 * the group's router with those routes on it.
 */
export function defineRouteGroup<Deps>(
  addRoutes: (router: BerthRouter, deps: Deps) => void,
): (deps: Deps) => BerthRouter {
  return deps => {
    const router = routeGroup();
    addRoutes(router, deps);
    return router;
  };
}
