import { VirtualService } from '../istio/virtualServiceTypes';
import { evaluateVirtualServices } from './evaluateVirtualServices';

function vs(
  name: string,
  spec: VirtualService['spec'],
  created = '2026-01-01T00:00:00Z',
): VirtualService {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name, namespace: 'shop', creationTimestamp: new Date(created) },
    spec,
  };
}

const request = (path: string, headers: Record<string, string> = {}) => ({
  host: 'cart.shop.svc.cluster.local',
  path,
  headers,
});

describe('evaluateVirtualServices', () => {
  it('takes the first route that matches, not the most specific', () => {
    const services = [
      vs('cart', {
        hosts: ['cart'],
        http: [
          {
            match: [{ uri: { prefix: '/' } }],
            route: [{ destination: { host: 'first' } }],
          },
          {
            match: [{ uri: { prefix: '/api' } }],
            route: [{ destination: { host: 'second' } }],
          },
        ],
      }),
    ];
    const decision = evaluateVirtualServices(services, request('/api/x'));
    expect(decision?.backends).toEqual([
      { name: 'first', namespace: 'shop', weight: 100 },
    ]);
    expect(decision?.candidates).toEqual([
      'shop/cart http[0] match 0',
      'shop/cart http[1] match 0',
    ]);
  });

  it('matches regexes against the whole value (Envoy), headers by any case', () => {
    const services = [
      vs('cart', {
        hosts: ['cart.shop.svc.cluster.local'],
        http: [
          {
            match: [{ headers: { 'x-env': { regex: 'ali' } } }],
            route: [{ destination: { host: 'partial' } }],
          },
          {
            match: [{ headers: { 'x-env': { regex: 'ali.*' } } }],
            route: [{ destination: { host: 'whole' } }],
          },
        ],
      }),
    ];
    expect(
      evaluateVirtualServices(services, request('/', { 'X-ENV': 'alice' }))
        ?.backends[0].name,
    ).toBe('whole');
  });

  it('uses only VirtualServices bound to the gateway asked about', () => {
    const services = [
      vs('ingress', {
        hosts: ['cart'],
        gateways: ['istio-system/ingress'],
        http: [{ route: [{ destination: { host: 'from-ingress' } }] }],
      }),
    ];
    expect(evaluateVirtualServices(services, request('/'))).toBeUndefined();
    expect(
      evaluateVirtualServices(
        services,
        { host: 'cart', path: '/' },
        'istio-system/ingress',
      )?.backends[0].name,
    ).toBe('from-ingress');
  });

  it('gives no decision when no route matches (a 404)', () => {
    const services = [
      vs('cart', {
        hosts: ['cart'],
        http: [
          {
            match: [{ uri: { exact: '/only' }, method: { exact: 'GET' } }],
            route: [{ destination: { host: 'cart' } }],
          },
        ],
      }),
    ];
    expect(
      evaluateVirtualServices(services, request('/other')),
    ).toBeUndefined();
    expect(
      evaluateVirtualServices(services, { ...request('/only'), method: 'PUT' }),
    ).toBeUndefined();
  });
});
