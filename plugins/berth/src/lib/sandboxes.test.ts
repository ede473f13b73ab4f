import { sandboxRoutingKey } from '@berth/plugin-berth-common';
import { parseKeyValueLines } from './keyValueLines';
import {
  forkableServices,
  isSandboxSettling,
  sandboxCurlExamples,
  sandboxCurlTarget,
} from './sandboxes';

describe('sandboxCurlExamples', () => {
  it('sends the x-env header and the baggage member, quoted for a shell', () => {
    expect(
      sandboxCurlExamples(sandboxRoutingKey('alice'), 'http://shop.test/'),
    ).toEqual([
      "curl -H 'x-env: alice' 'http://shop.test/'",
      "curl -H 'baggage: berth-sandbox=alice' 'http://shop.test/'",
    ]);
  });

  it('quotes a quote in the URL', () => {
    expect(
      sandboxCurlExamples(sandboxRoutingKey('a'), "http://x/?q='1'")[0],
    ).toBe("curl -H 'x-env: a' 'http://x/?q='\\''1'\\'''");
  });
});

describe('sandboxCurlTarget', () => {
  it('is the base URL when its cluster has a gateway', () => {
    expect(
      sandboxCurlTarget({
        baseUrl: 'http://shop-dev.test/',
        baseNamespace: 'shop-dev',
        service: 'cart',
      }),
    ).toBe('http://shop-dev.test/');
  });

  it('is the first fork in the base namespace from inside the cluster otherwise', () => {
    expect(
      sandboxCurlTarget({ baseNamespace: 'shop-dev', service: 'cart' }),
    ).toBe('http://cart.shop-dev.svc.cluster.local/');
    expect(sandboxCurlTarget({})).toBe(
      'http://<service>.<namespace>.svc.cluster.local/',
    );
  });
});

describe('isSandboxSettling', () => {
  it('is true while an operation creates or deletes it', () => {
    expect(isSandboxSettling('creating')).toBe(true);
    expect(isSandboxSettling('deleting')).toBe(true);
    expect(isSandboxSettling('ready')).toBe(false);
    expect(isSandboxSettling('degraded')).toBe(false);
    expect(isSandboxSettling('failed')).toBe(false);
  });
});

describe('forkableServices', () => {
  const base = { services: { cart: {}, payments: {}, search: {} } };

  it('is what the base deployed, then the forks it no longer has', () => {
    const status = {
      services: [
        { service: 'cart', status: 'Running' as const },
        { service: 'payments', status: 'NotDeployed' as const },
        { service: 'search', status: 'Deploying' as const },
      ],
    };
    expect(forkableServices(base, status)).toEqual(['cart', 'search']);
    expect(forkableServices(base, status, ['payments', 'cart'])).toEqual([
      'cart',
      'search',
      'payments',
    ]);
  });

  it('is what the base has settings for while its status is not known', () => {
    expect(forkableServices(base)).toEqual(['cart', 'payments', 'search']);
  });
});

describe('parseKeyValueLines', () => {
  it('parses key=value lines, skipping blank ones and keeping = in values', () => {
    expect(parseKeyValueLines('image.tag=1.5.0\n\n  a = b=c  \n', '=')).toEqual(
      { values: { 'image.tag': '1.5.0', a: 'b=c' } },
    );
  });

  it('parses headers with a colon in the value', () => {
    expect(
      parseKeyValueLines('x-env: alice\nbaggage: a=1, b=http://x', ':'),
    ).toEqual({ values: { 'x-env': 'alice', baggage: 'a=1, b=http://x' } });
  });

  it('names the first line that is not key<separator>value', () => {
    expect(parseKeyValueLines('a=1\nnope\n=2', '=')).toEqual({
      problem: { line: 2, text: 'nope' },
    });
    expect(parseKeyValueLines(': x', ':')).toEqual({
      problem: { line: 1, text: ': x' },
    });
  });
});
