import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { BerthServiceClient } from '@berth/plugin-berth-node';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { BerthKubernetesIdProcessor } from './BerthKubernetesIdProcessor';

// Berth over HTTP (the boundary berthServiceRef's client crosses): one
// project whose services are the Components `cart` and `Storefront` (a ref
// written in another case than the entity's).
describe('BerthKubernetesIdProcessor', () => {
  let server: Server;
  let baseUrl: string;
  const state = { requests: 0, status: 200 };

  beforeAll(async () => {
    server = createServer((req, res) => {
      state.requests += 1;
      res.setHeader('content-type', 'application/json');
      res.statusCode = req.url === '/api/berth/projects' ? state.status : 404;
      res.end(
        JSON.stringify({
          items: [
            {
              ref: 'system:default/shop',
              name: 'shop',
              services: [
                {
                  name: 'cart',
                  componentRef: 'component:default/cart',
                  kind: 'helm',
                  latestRevision: 1,
                },
                {
                  name: 'web',
                  componentRef: 'component:Default/Storefront',
                  kind: 'manifests',
                  latestRevision: 2,
                },
              ],
              startOrder: [['cart', 'web']],
            },
          ],
        }),
      );
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  beforeEach(() => {
    state.requests = 0;
    state.status = 200;
  });

  afterAll(() => {
    server.closeAllConnections();
    return new Promise(r => server.close(r));
  });

  function processor(clock = { now: 0 }) {
    return new BerthKubernetesIdProcessor({
      berth: new BerthServiceClient({
        discovery: mockServices.discovery.mock({
          getBaseUrl: async id => `${baseUrl}/api/${id}`,
        }),
        auth: mockServices.auth(),
      }),
      logger: mockServices.logger.mock(),
      now: () => clock.now,
    });
  }

  const component = (
    name: string,
    annotations?: Record<string, string>,
  ): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      ...(annotations && { annotations }),
    },
    spec: { type: 'service', owner: 'team-shop', lifecycle: 'production' },
  });

  it('annotates a Component Berth deploys with the kubernetes-id Berth labels its workloads with, keeping its other annotations', async () => {
    const annotated = await processor().preProcessEntity(
      component('cart', { 'backstage.io/techdocs-ref': 'dir:.' }),
    );

    expect(annotated.metadata.annotations).toEqual({
      'backstage.io/techdocs-ref': 'dir:.',
      'backstage.io/kubernetes-id': 'cart',
    });
    // Entity refs compare without case; the id is the ref's name as written.
    const storefront = await processor().preProcessEntity(
      component('storefront'),
    );
    expect(storefront.metadata.annotations).toEqual({
      'backstage.io/kubernetes-id': 'Storefront',
    });
  });

  it('keeps a kubernetes-id the entity already has', async () => {
    const entity = component('cart', {
      'backstage.io/kubernetes-id': 'cart-legacy',
    });

    expect(await processor().preProcessEntity(entity)).toBe(entity);
  });

  it('leaves Components Berth does not deploy, and other kinds, untouched', async () => {
    const p = processor();
    const other = component('billing');
    const system: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: 'cart', namespace: 'default' },
      spec: { owner: 'team-shop' },
    };

    expect(await p.preProcessEntity(other)).toBe(other);
    expect(await p.preProcessEntity(system)).toBe(system);
  });

  it('reads Berth once per 30 s for all entities, and keeps the last answer while Berth fails', async () => {
    const clock = { now: 1_000 };
    const p = processor(clock);

    await Promise.all(
      ['cart', 'storefront', 'billing'].map(n =>
        p.preProcessEntity(component(n)),
      ),
    );
    clock.now += 29_000;
    await p.preProcessEntity(component('cart'));
    expect(state.requests).toBe(1);

    clock.now += 2_000;
    state.status = 503;
    const stale = await p.preProcessEntity(component('cart'));
    expect(state.requests).toBe(2);
    expect(stale.metadata.annotations).toEqual({
      'backstage.io/kubernetes-id': 'cart',
    });
    // Not asked again right after a failure.
    await p.preProcessEntity(component('cart'));
    expect(state.requests).toBe(2);
  });

  it('leaves the entity as it is when Berth was never read', async () => {
    state.status = 503;
    const entity = component('cart');

    expect(await processor().preProcessEntity(entity)).toBe(entity);
  });
});
