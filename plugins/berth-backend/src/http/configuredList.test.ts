import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import express from 'express';
import Router from 'express-promise-router';
import request from 'supertest';
import { routeRequests } from './routeRequests';

/** An app serving `GET /things` through `requests.configuredList`. */
function appFor(defaultCredentials: BackstageCredentials) {
  const requests = routeRequests({
    httpAuth: mockServices.httpAuth({ defaultCredentials }),
    auditor: mockServices.auditor.mock(),
    // configuredList authorizes no project or environment: never reached.
    authorizedEnvironments: undefined as never,
    authorizedProjects: undefined as never,
  });
  const router = Router();
  router.get(
    '/things',
    requests.configuredList(() => ['a', 'b']),
  );
  return express()
    .use(router)
    .use(
      MiddlewareFactory.create({
        config: mockServices.rootConfig(),
        logger: mockServices.logger.mock(),
      }).error(),
    );
}

describe('requests.configuredList', () => {
  it('answers a signed-in user or service with the items', async () => {
    for (const caller of [
      mockCredentials.user('user:default/olivia'),
      mockCredentials.service('plugin:catalog'),
    ]) {
      const response = await request(appFor(caller)).get('/things');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ items: ['a', 'b'] });
    }
  });

  it('refuses a caller without credentials (401)', async () => {
    const response = await request(appFor(mockCredentials.none())).get(
      '/things',
    );
    expect(response.status).toBe(401);
    expect(response.body.items).toBeUndefined();
  });
});
