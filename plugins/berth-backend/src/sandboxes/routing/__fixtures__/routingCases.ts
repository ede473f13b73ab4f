/**
 * One table of requests for both evaluators (HTTPRoute and VirtualService):
 * the base `shop` with sandboxes alice (forks cart) and bob (forks cart and
 * frontend), and the backend each request must reach.
 */
export interface RoutingCase {
  name: string;
  /** North-south through the gateway, or east-west to cart's Service. */
  via: 'gateway' | 'mesh';
  path: string;
  method?: string;
  headers?: Record<string, string>;
  /** `<namespace>/<service>` */
  expected: string;
}

export const SANDBOX_FORKS = {
  alice: ['cart'],
  bob: ['cart', 'frontend'],
} as const;

export const routingCases: RoutingCase[] = [
  {
    name: 'no header: base',
    via: 'gateway',
    path: '/api/cart/items',
    expected: 'shop/cart',
  },
  {
    name: 'x-env alice: her cart',
    via: 'gateway',
    path: '/api/cart/items',
    headers: { 'x-env': 'alice' },
    expected: 'shop-alice/cart',
  },
  {
    name: 'X-Env header name in any case',
    via: 'gateway',
    path: '/api/cart',
    headers: { 'X-Env': 'alice' },
    expected: 'shop-alice/cart',
  },
  {
    name: 'x-env value is exact',
    via: 'gateway',
    path: '/api/cart',
    headers: { 'x-env': 'Alice' },
    expected: 'shop/cart',
  },
  {
    name: 'baggage with other members',
    via: 'gateway',
    path: '/api/cart/items',
    headers: { baggage: 'foo=1, berth-sandbox=alice;p=1' },
    expected: 'shop-alice/cart',
  },
  {
    name: 'baggage with spaces around =',
    via: 'gateway',
    path: '/api/cart',
    headers: { baggage: 'berth-sandbox = alice' },
    expected: 'shop-alice/cart',
  },
  {
    name: 'baggage alice2: base',
    via: 'gateway',
    path: '/api/cart',
    headers: { baggage: 'berth-sandbox=alice2' },
    expected: 'shop/cart',
  },
  {
    name: 'baggage xberth-sandbox: base',
    via: 'gateway',
    path: '/api/cart',
    headers: { baggage: 'xberth-sandbox=alice' },
    expected: 'shop/cart',
  },
  {
    name: 'baggage foo=berth-sandbox=alice: base',
    via: 'gateway',
    path: '/api/cart',
    headers: { baggage: 'foo=berth-sandbox=alice' },
    expected: 'shop/cart',
  },
  {
    name: 'alice did not fork frontend',
    via: 'gateway',
    path: '/',
    headers: { 'x-env': 'alice' },
    expected: 'shop/frontend',
  },
  {
    name: 'bob forked frontend',
    via: 'gateway',
    path: '/index.html',
    headers: { 'x-env': 'bob' },
    expected: 'shop-bob/frontend',
  },
  {
    name: "bob's key never reaches alice",
    via: 'gateway',
    path: '/api/cart',
    headers: { baggage: 'berth-sandbox=bob' },
    expected: 'shop-bob/cart',
  },
  {
    name: 'method and exact path kept',
    via: 'gateway',
    path: '/api/cart/checkout',
    method: 'POST',
    headers: { 'x-env': 'alice' },
    expected: 'shop-alice/cart',
  },
  {
    name: 'a longer base prefix to another service still wins',
    via: 'gateway',
    path: '/api/cart/special/1',
    headers: { 'x-env': 'alice' },
    expected: 'shop/cart-special',
  },
  {
    name: 'east-west, no header: base',
    via: 'mesh',
    path: '/items',
    expected: 'shop/cart',
  },
  {
    name: 'east-west, x-env alice',
    via: 'mesh',
    path: '/items',
    headers: { 'x-env': 'alice' },
    expected: 'shop-alice/cart',
  },
  {
    name: 'east-west, baggage bob',
    via: 'mesh',
    path: '/items',
    headers: { baggage: 'a=b,berth-sandbox=bob' },
    expected: 'shop-bob/cart',
  },
  {
    name: 'east-west, baggage alice2: base',
    via: 'mesh',
    path: '/items',
    headers: { baggage: 'berth-sandbox=alice2' },
    expected: 'shop/cart',
  },
];
