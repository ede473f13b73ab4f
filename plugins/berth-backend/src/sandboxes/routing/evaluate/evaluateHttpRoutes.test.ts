import { HTTPRoute, HTTPRouteRule } from '../gatewayApi/httpRouteTypes';
import { evaluateHttpRoutes } from './evaluateHttpRoutes';

const parent = { namespace: 'gw', name: 'main' };

function route(
  name: string,
  rules: HTTPRouteRule[],
  options: { namespace?: string; created?: string; hostnames?: string[] } = {},
): HTTPRoute {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: {
      name,
      namespace: options.namespace ?? 'app',
      creationTimestamp: new Date(options.created ?? '2026-01-01T00:00:00Z'),
    },
    spec: {
      parentRefs: [{ name: 'main', namespace: 'gw' }],
      hostnames: options.hostnames,
      rules,
    },
  };
}

const to = (name: string) => [{ name, port: 80 }];

function reach(
  routes: HTTPRoute[],
  path: string,
  extra: {
    method?: string;
    headers?: Record<string, string>;
    query?: Record<string, string>;
    host?: string;
  } = {},
) {
  const decision = evaluateHttpRoutes(routes, parent, {
    host: extra.host ?? 'app.example.com',
    path,
    ...extra,
  });
  return decision?.backends.map(b => b.name)[0];
}

describe('evaluateHttpRoutes', () => {
  it('a longer base prefix beats a header-only `/` rule: why sandbox rules copy the path', () => {
    const base = route('base', [
      {
        matches: [{ path: { type: 'PathPrefix', value: '/api' } }],
        backendRefs: to('api'),
      },
    ]);
    const headerOnly = route('naive', [
      {
        matches: [
          {
            path: { type: 'PathPrefix', value: '/' },
            headers: [{ name: 'x-env', value: 'alice' }],
          },
        ],
        backendRefs: to('api-alice'),
      },
    ]);
    const copied = route('copied', [
      {
        matches: [
          {
            path: { type: 'PathPrefix', value: '/api' },
            headers: [{ name: 'x-env', value: 'alice' }],
          },
        ],
        backendRefs: to('api-alice'),
      },
    ]);
    const headers = { 'x-env': 'alice' };
    const naive = evaluateHttpRoutes([base, headerOnly], parent, {
      host: 'app.example.com',
      path: '/api/items',
      headers,
    });
    expect(naive?.backends[0].name).toBe('api');
    expect(naive?.reason).toBe(
      'app/base rule 0 match 0 wins over app/naive rule 0 match 0: the longer path prefix wins',
    );
    const fixed = evaluateHttpRoutes([base, copied], parent, {
      host: 'app.example.com',
      path: '/api/items',
      headers,
    });
    expect(fixed?.backends[0].name).toBe('api-alice');
    expect(fixed?.reason).toContain('more header matches win');
    expect(fixed?.candidates).toEqual([
      'app/copied rule 0 match 0',
      'app/base rule 0 match 0',
    ]);
  });

  it('ranks an exact path over a longer prefix, then method, then query matches', () => {
    const routes = [
      route('r', [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/a/b/c' } }],
          backendRefs: to('prefix'),
        },
        {
          matches: [{ path: { type: 'Exact', value: '/a/b' } }],
          backendRefs: to('exact'),
        },
        {
          matches: [
            { path: { type: 'PathPrefix', value: '/a' }, method: 'POST' },
          ],
          backendRefs: to('post'),
        },
        {
          matches: [
            {
              path: { type: 'PathPrefix', value: '/a' },
              headers: [{ name: 'h', value: '1' }],
            },
          ],
          backendRefs: to('header'),
        },
        {
          matches: [
            {
              path: { type: 'PathPrefix', value: '/q' },
              queryParams: [{ name: 'v', value: '2' }],
            },
          ],
          backendRefs: to('query'),
        },
        {
          matches: [{ path: { type: 'PathPrefix', value: '/q' } }],
          backendRefs: to('plain'),
        },
      ]),
    ];
    expect(reach(routes, '/a/b')).toBe('exact');
    expect(reach(routes, '/a/b/c/d')).toBe('prefix');
    expect(reach(routes, '/a/x', { method: 'POST', headers: { h: '1' } })).toBe(
      'post',
    );
    expect(reach(routes, '/a/x', { headers: { h: '1' } })).toBe('header');
    expect(reach(routes, '/a/x')).toBeUndefined();
    expect(reach(routes, '/q', { query: { v: '2' } })).toBe('query');
    expect(reach(routes, '/q', { query: { v: '3' } })).toBe('plain');
  });

  it('matches path prefixes by element', () => {
    const routes = [
      route('r', [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/api/' } }],
          backendRefs: to('api'),
        },
      ]),
    ];
    expect(reach(routes, '/api')).toBe('api');
    expect(reach(routes, '/api/x')).toBe('api');
    expect(reach(routes, '/apix')).toBeUndefined();
  });

  it('breaks ties by the oldest route, then namespace/name, then rule order', () => {
    const rules = (backend: string): HTTPRouteRule[] => [
      {
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        backendRefs: to(backend),
      },
    ];
    expect(
      reach(
        [
          route('a', rules('newer'), { created: '2026-02-01T00:00:00Z' }),
          route('b', rules('older'), { created: '2026-01-01T00:00:00Z' }),
        ],
        '/',
      ),
    ).toBe('older');
    expect(
      reach(
        [route('b', rules('b')), route('a', rules('a'), { namespace: 'zz' })],
        '/',
      ),
    ).toBe('b');
    expect(
      reach([route('r', [...rules('first'), ...rules('second')])], '/'),
    ).toBe('first');
  });

  it('keeps routes of other parents and hostnames out', () => {
    const other = route('other', [{ backendRefs: to('other') }]);
    other.spec.parentRefs = [{ name: 'main', namespace: 'elsewhere' }];
    const hosted = route('hosted', [{ backendRefs: to('hosted') }], {
      hostnames: ['*.example.com'],
    });
    expect(reach([other, hosted], '/')).toBe('hosted');
    expect(
      reach([other, hosted], '/', { host: 'example.com' }),
    ).toBeUndefined();
    expect(reach([other, hosted], '/', { host: 'a.b.example.com:8080' })).toBe(
      'hosted',
    );
  });

  it('refuses a cross-namespace backend without a ReferenceGrant', () => {
    const routes = [
      route('r', [
        { backendRefs: [{ name: 'cart', namespace: 'sbx', port: 80 }] },
      ]),
    ];
    const request = { host: 'app.example.com', path: '/' };
    expect(
      evaluateHttpRoutes(routes, parent, request)?.backends[0].refused,
    ).toBe(
      "no ReferenceGrant in 'sbx' lets HTTPRoutes of 'app' reach Service 'cart'",
    );
    const granted = evaluateHttpRoutes(routes, parent, request, [
      {
        apiVersion: 'gateway.networking.k8s.io/v1beta1',
        kind: 'ReferenceGrant',
        metadata: { name: 'g', namespace: 'sbx' },
        spec: {
          from: [
            {
              group: 'gateway.networking.k8s.io',
              kind: 'HTTPRoute',
              namespace: 'app',
            },
          ],
          to: [{ group: '', kind: 'Service', name: 'cart' }],
        },
      },
    ]);
    expect(granted?.backends).toEqual([
      { name: 'cart', namespace: 'sbx', port: 80, weight: 1 },
    ]);
  });
});
