import {
  gatewayBackendOf,
  parseTraefikAccessLine,
} from './parseTraefikAccessLine';

/** A line as Traefik v3.7 wrote it on the local gateway (fields trimmed). */
const LINE = {
  DownstreamStatus: 200,
  RequestHost: 'mesh.berth-gateway.svc.cluster.local',
  RequestMethod: 'GET',
  RequestPath: '/shop/cart',
  RouterName:
    'httproute-shop-dev-berth-sbx-alice-cart-gw-berth-gateway-berth-ep-mesh-0-63a202ff6587914e6e7d@kubernetesgateway',
  ServiceName:
    'httproute-shop-dev-berth-sbx-alice-cart-gw-berth-gateway-berth-ep-mesh-0-63a202ff6587914e6e7d-svc-shop-dev-alice-cart-0@kubernetesgateway',
  StartUTC: '2026-12-07T15:07:36.362228388Z',
  entryPointName: 'mesh',
  'request_X-Env': 'alice',
};

describe('parseTraefikAccessLine', () => {
  const namespaces = new Set(['shop-dev', 'shop-dev-alice']);

  it('reads the Service reached, the routing headers, path, status and time', () => {
    expect(parseTraefikAccessLine(JSON.stringify(LINE), namespaces)).toEqual({
      at: '2026-12-07T15:07:36.362Z',
      namespace: 'shop-dev-alice',
      service: 'cart',
      headers: { 'x-env': 'alice' },
      path: '/shop/cart',
      status: 200,
    });
    const baggage = {
      ...LINE,
      'request_X-Env': undefined,
      request_Baggage: 'berth-sandbox=alice',
    };
    expect(
      parseTraefikAccessLine(JSON.stringify(baggage), namespaces)?.headers,
    ).toEqual({ baggage: 'berth-sandbox=alice' });
  });

  it('skips lines with no routing header, other namespaces, other providers and junk', () => {
    const { 'request_X-Env': _, ...unkeyed } = LINE;
    expect(parseTraefikAccessLine(JSON.stringify(unkeyed), namespaces)).toBe(
      undefined,
    );
    expect(
      parseTraefikAccessLine(JSON.stringify(LINE), new Set(['other'])),
    ).toBe(undefined);
    const file = { ...LINE, ServiceName: 'my-service@file' };
    expect(parseTraefikAccessLine(JSON.stringify(file), namespaces)).toBe(
      undefined,
    );
    const noTime = { ...LINE, StartUTC: 'yesterday' };
    expect(parseTraefikAccessLine(JSON.stringify(noTime), namespaces)).toBe(
      undefined,
    );
    expect(parseTraefikAccessLine('{"truncated', namespaces)).toBe(undefined);
    expect(parseTraefikAccessLine('plain text', namespaces)).toBe(undefined);
  });
});

describe('gatewayBackendOf', () => {
  it('takes the longest namespace that fits, since names are joined by -', () => {
    const name =
      'httproute-a-b-gw-g-g-ep-web-0-0123456789abcdef0123-svc-shop-dev-alice-cart-api-1';
    expect(
      gatewayBackendOf(name, new Set(['shop-dev', 'shop-dev-alice'])),
    ).toEqual({ namespace: 'shop-dev-alice', service: 'cart-api' });
    expect(gatewayBackendOf(name, new Set(['shop-dev']))).toEqual({
      namespace: 'shop-dev',
      service: 'alice-cart-api',
    });
    expect(gatewayBackendOf(name, new Set(['shop']))).toEqual({
      namespace: 'shop',
      service: 'dev-alice-cart-api',
    });
    expect(gatewayBackendOf(name, new Set(['prod']))).toBe(undefined);
  });
});
