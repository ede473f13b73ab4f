import { mockServices } from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import express from 'express';
import request from 'supertest';
import { routerWithStubServices } from '../__testUtils__/routerWithStubServices';

/**
 * Requests the contract (openapi.yaml) refuses never reach a handler: the
 * router is built with empty services, so a request that got through would
 * fail with a 500, not a 400.
 */
async function app() {
  const router = await routerWithStubServices();
  return express()
    .use(router)
    .use(
      MiddlewareFactory.create({
        config: mockServices.rootConfig(),
        logger: mockServices.logger.mock(),
      }).error(),
    );
}

const environments = '/projects/default/shop/environments';
const valid = { name: 'dev', cluster: 'east', tier: 'development' };

describe('request validation from the OpenAPI contract', () => {
  let server: express.Express;
  beforeAll(async () => {
    server = await app();
  });

  async function refused(req: request.Test) {
    const res = await req;
    return {
      status: res.status,
      name: res.body.error?.name,
      message: res.body.error?.message,
    };
  }

  it.each([
    [
      'an unknown tier',
      { environments: [{ ...valid, tier: 'prod' }] },
      /^Invalid request body: environments\.0\.tier: must be equal to one of the allowed values/,
    ],
    [
      'an unknown field, by name',
      { environments: [{ ...valid, color: 'blue' }] },
      /^Invalid request body: environments\.0\.color: unknown field$/,
    ],
    [
      'a missing field',
      { environments: [{ name: 'dev', tier: 'development' }] },
      /environments\.0\.cluster: must have required property 'cluster'/,
    ],
    [
      'no environments',
      { environments: [] },
      /environments: must NOT have fewer than 1 items/,
    ],
    [
      'oversized values',
      { environments: [{ ...valid, values: 'x'.repeat(256 * 1024 + 1) }] },
      /environments\.0\.values: must NOT have more than 262144 characters/,
    ],
    [
      'a revision that is not a positive integer',
      { environments: [{ ...valid, services: { web: { revision: 0 } } }] },
      /environments\.0\.services\.web\.revision: must be >= 1/,
    ],
  ])('refuses %s with a 400 naming the field', async (_what, body, message) => {
    const res = await refused(request(server).post(environments).send(body));
    expect(res).toEqual({
      status: 400,
      name: 'InputError',
      message: expect.stringMatching(message),
    });
  });

  it('refuses a bad scale request and a bad path parameter', async () => {
    expect(
      await refused(
        request(server)
          .post('/environments/e1/services/web/scale')
          .send({ replicas: -1 }),
      ),
    ).toEqual({
      status: 400,
      name: 'InputError',
      message: 'Invalid request body: replicas: must be >= 0',
    });
    expect(
      await refused(
        request(server).get('/environments/e1/operations/not-a-uuid'),
      ),
    ).toEqual({
      status: 400,
      name: 'InputError',
      message: expect.stringMatching(
        /^Invalid path: operationId: must match format "uuid"/,
      ),
    });
  });

  it('refuses an unknown query parameter and a query of the wrong type', async () => {
    expect(
      await refused(
        request(server).get('/environments/e1/deployments?color=blue'),
      ),
    ).toEqual({
      status: 400,
      name: 'InputError',
      message: expect.stringMatching(/color/),
    });
    expect(
      await refused(request(server).get('/environments/e1/operations?limit=0')),
    ).toEqual({
      status: 400,
      name: 'InputError',
      message: expect.stringMatching(/^Invalid query: limit: must be >= 1/),
    });
  });

  it('reports only the errors of the chart source the type names', async () => {
    const res = await refused(
      request(server)
        .post('/projects/default/shop/helm/inspect')
        .send({
          source: {
            type: 'oci',
            ref: 'https://example.com/chart',
            version: '1.0.0',
          },
        }),
    );
    expect(res).toEqual({
      status: 400,
      name: 'InputError',
      message: expect.stringMatching(
        /^Invalid request body: source\.ref: must match pattern "\^oci:\/\/"$/,
      ),
    });
  });

  it('refuses an upload file name that is a path', async () => {
    const res = await refused(
      request(server)
        .post('/projects/default/shop/helm/archives?filename=..%2Fetc%2Fpasswd')
        .set('Content-Type', 'application/gzip')
        .send(Buffer.from('x')),
    );
    expect(res).toEqual({
      status: 400,
      name: 'InputError',
      message: expect.stringMatching(
        /^Invalid query: filename: must match pattern/,
      ),
    });
  });
});
