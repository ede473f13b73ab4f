import { ResponseError } from '@backstage/errors';
import { errorMessage } from './errors';
import { imageTag, shortImage } from './images';
import { defaultNamespace, dnsLabelProblem, namespaceProblem } from './names';
import { formatDuration, groupSteps } from './operations';
import { toProjectRef } from './refs';
import { formatRelativeTime } from './time';
import { valuesYamlProblem } from './yaml';

describe('dnsLabelProblem', () => {
  it.each([
    ['', 'Name is required'],
    ['Dev', 'Name must be lower-case (try "dev")'],
    ['dev_1', 'Name may only contain lower-case letters, digits and "-"'],
    ['-dev', 'Name must start and end with a letter or digit'],
    ['dev-', 'Name must start and end with a letter or digit'],
    ['a'.repeat(64), 'Name is 64 characters long; at most 63 are allowed'],
  ])('rejects %j', (value, message) => {
    expect(dnsLabelProblem(value, 'Name')).toBe(message);
  });

  it.each(['dev', 'pr-123', '1', 'a'.repeat(63)])('accepts %j', value => {
    expect(dnsLabelProblem(value, 'Name')).toBeUndefined();
  });
});

describe('namespaces', () => {
  it('proposes <project>-<name>, lower-cased', () => {
    expect(defaultNamespace('Shop', 'dev')).toBe('shop-dev');
  });

  it('rejects the namespaces Kubernetes keeps', () => {
    expect(namespaceProblem('kube-system')).toMatch(/reserved/);
    expect(namespaceProblem('default')).toMatch(/reserved/);
    expect(namespaceProblem('shop-dev')).toBeUndefined();
  });
});

describe('valuesYamlProblem', () => {
  it('accepts empty text and mappings', () => {
    expect(valuesYamlProblem('')).toBeUndefined();
    expect(valuesYamlProblem('replicaCount: 2\n')).toBeUndefined();
  });

  it('rejects invalid YAML and non-mappings', () => {
    expect(valuesYamlProblem('a: [')).toMatch(/^Not valid YAML/);
    expect(valuesYamlProblem('- a\n- b')).toMatch(/mapping/);
  });
});

describe('images', () => {
  it('finds tags and shortens digests', () => {
    expect(imageTag('ghcr.io/acme/cart:1.2.3')).toBe('1.2.3');
    expect(imageTag('localhost:5000/cart')).toBe('latest');
    expect(imageTag('cart@sha256:0123456789abcdef0123')).toBe(
      'sha256:0123456789ab',
    );
    expect(shortImage('ghcr.io/acme/cart:1.2.3')).toBe('cart:1.2.3');
  });
});

describe('errorMessage', () => {
  it("prefers the server's message of a ResponseError", async () => {
    const error = await ResponseError.fromResponse({
      status: 409,
      statusText: 'Conflict',
      headers: { get: () => 'application/json' },
      text: async () =>
        JSON.stringify({
          error: { name: 'ConflictError', message: 'Name taken' },
          response: { statusCode: 409 },
        }),
    } as unknown as Parameters<typeof ResponseError.fromResponse>[0]);
    expect(errorMessage(error)).toBe('Name taken');
    expect(errorMessage(new Error('plain'))).toBe('plain');
  });
});

describe('toProjectRef', () => {
  it('splits entity refs', () => {
    expect(toProjectRef('system:team/shop')).toEqual({
      namespace: 'team',
      name: 'shop',
    });
    expect(toProjectRef('shop')).toEqual({
      namespace: 'default',
      name: 'shop',
    });
  });
});

describe('formatDuration', () => {
  it.each([
    ['2026-01-10T12:00:00Z', '2026-01-10T12:00:00.200Z', '<1s'],
    ['2026-01-10T12:00:00Z', '2026-01-10T12:00:42Z', '42s'],
    ['2026-01-10T12:00:00Z', '2026-01-10T12:03:05Z', '3m 5s'],
    ['2026-01-10T12:00:00Z', '2026-01-10T12:03:00Z', '3m'],
    ['2026-01-10T12:00:00Z', '2026-01-10T13:02:00Z', '1h 2m'],
  ])('from %s to %s is %s', (from, to, text) => {
    expect(formatDuration(from, to)).toBe(text);
  });

  it('is undefined without both ends', () => {
    expect(formatDuration('2026-01-10T12:00:00Z')).toBeUndefined();
    expect(formatDuration(undefined, '2026-01-10T12:00:00Z')).toBeUndefined();
  });
});

describe('groupSteps', () => {
  it('puts each step under its parent, in order; orphans stay on top', () => {
    const step = (key: string, parent?: string) => ({
      key,
      title: key,
      parent,
      status: 'pending' as const,
    });
    expect(
      groupSteps([
        step('namespace'),
        step('group:1'),
        step('service:db', 'group:1'),
        step('service:cache', 'group:1'),
        step('group:2'),
        step('service:cart', 'group:2'),
        step('service:lost', 'group:9'),
      ]).map(g => [g.step.key, g.children.map(c => c.key)]),
    ).toEqual([
      ['namespace', []],
      ['group:1', ['service:db', 'service:cache']],
      ['group:2', ['service:cart']],
      ['service:lost', []],
    ]);
  });
});

describe('formatRelativeTime', () => {
  const now = Date.parse('2026-01-10T12:00:00Z');

  it('says how long ago, in the largest whole unit', () => {
    expect(formatRelativeTime('2026-01-10T11:58:00Z', now)).toBe(
      '2 minutes ago',
    );
    expect(formatRelativeTime('2026-01-10T09:30:00Z', now)).toBe('2 hours ago');
    expect(formatRelativeTime('2026-01-09T12:00:00Z', now)).toBe('yesterday');
    expect(formatRelativeTime('2026-01-10T12:00:00Z', now)).toBe('now');
  });

  it('is an em dash without a time, and the text of one it cannot read', () => {
    expect(formatRelativeTime(undefined, now)).toBe('—');
    expect(formatRelativeTime('soon', now)).toBe('soon');
  });
});
