import { mockServices } from '@backstage/backend-test-utils';
import { validate } from 'jsonschema';
import { PortalLinks } from '../berth/portalLinks';
import { createBerthActions } from '.';

// The scaffolder checks a step's input against the action's JSON schema
// (made from the zod schema) with `jsonschema` before the handler runs; these
// tests run the same check on good input and on input that must be refused.
const actions = new Map(
  createBerthActions({
    auth: mockServices.auth(),
    discovery: mockServices.discovery(),
    links: new PortalLinks('http://localhost:3000'),
  }).map(a => [a.id, a]),
);

function problems(id: string, input: unknown): string[] {
  const action = actions.get(id);
  if (!action?.schema?.input) throw new Error(`No input schema for ${id}`);
  return validate(input, action.schema.input).errors.map(
    e => `${e.property}: ${e.message}`,
  );
}

const ENV_ID = '0b6b8a52-3f4e-4d3a-9b9e-2f0b8c1d7e10';

describe('the input schemas of the Berth actions', () => {
  it('registers the six actions, each with examples and dry run', () => {
    expect([...actions.keys()]).toEqual([
      'berth:environment:create',
      'berth:environment:copy',
      'berth:environment:deploy',
      'berth:helm:import',
      'berth:workflow:run',
      'berth:sandbox:create',
    ]);
    for (const action of actions.values()) {
      expect(action.supportsDryRun).toBe(true);
      expect(action.examples?.length).toBeGreaterThan(0);
      expect(action.schema?.output).toBeDefined();
    }
  });

  it('accepts a complete environment create', () => {
    expect(
      problems('berth:environment:create', {
        system: 'system:default/shop',
        name: 'qa-1',
        cluster: 'local-east',
        tier: 'testing',
        namespace: 'shop-qa-1',
        values: 'replicaCount: 1\n',
        services: { cart: { revision: 2, images: { main: 'x/cart:1' } } },
        deploy: false,
        wait: false,
      }),
    ).toEqual([]);
  });

  it.each([
    [{ name: 'qa', cluster: 'local-east' }, 'requires property "system"'],
    [
      { system: 'shop', name: 'QA_1', cluster: 'local-east' },
      'does not match pattern',
    ],
    [
      { system: 'shop', name: 'a'.repeat(64), cluster: 'local-east' },
      'does not meet maximum length',
    ],
    [
      { system: 'shop', name: 'qa', cluster: 'local-east', tier: 'prod' },
      'is not one of enum values',
    ],
    [
      {
        system: 'shop',
        name: 'qa',
        cluster: 'local-east',
        services: { cart: { revision: 0 } },
      },
      'must be strictly greater than 0',
    ],
    [
      {
        system: 'shop',
        name: 'qa',
        cluster: 'local-east',
        services: { cart: { replicas: 3 } },
      },
      'is not allowed to have the additional property "replicas"',
    ],
  ])('refuses environment create input %j', (input, message) => {
    expect(problems('berth:environment:create', input).join('\n')).toContain(
      message,
    );
  });

  it('takes a copy source by id or by system and name', () => {
    expect(
      problems('berth:environment:copy', {
        environmentId: ENV_ID,
        name: 'copy',
      }),
    ).toEqual([]);
    expect(
      problems('berth:environment:copy', {
        system: 'shop',
        environment: 'staging',
        name: 'copy',
        cluster: 'local-west',
      }),
    ).toEqual([]);
    expect(
      problems('berth:environment:copy', {
        environmentId: 'not-a-uuid',
        name: 'copy',
      }).join('\n'),
    ).toContain('does not conform to the "uuid" format');
  });

  it('refuses a deploy of a revision that is not a positive integer', () => {
    expect(
      problems('berth:environment:deploy', {
        environmentId: ENV_ID,
        service: 'cart',
        revision: 1.5,
      }).join('\n'),
    ).toContain('is not of a type(s) integer');
  });

  it('knows four kinds of chart source and refuses others', () => {
    for (const source of [
      {
        type: 'repository',
        repository: 'demo',
        chart: 'greeter',
        version: '0.1.0',
      },
      {
        type: 'repository',
        url: 'https://charts.example.com',
        chart: 'a',
        version: '1.0.0',
      },
      {
        type: 'oci',
        ref: 'oci://registry.example.com/charts/a',
        version: '1.0.0',
      },
      {
        type: 'git',
        url: 'https://github.com/acme/charts/tree/main',
        path: 'charts/a',
      },
      { type: 'extension', source: 'acme-vault', chart: 'a', version: '1.0.0' },
    ]) {
      expect(problems('berth:helm:import', { system: 'shop', source })).toEqual(
        [],
      );
    }
    for (const source of [
      { type: 'archive', digest: 'abc' },
      { type: 'oci', ref: 'https://registry.example.com/a', version: '1.0.0' },
      { type: 'repository', chart: 'a' },
      { type: 'git', url: 'not a url', path: 'charts/a' },
    ]) {
      expect(
        problems('berth:helm:import', { system: 'shop', source }),
      ).not.toEqual([]);
    }
  });

  it('takes workflow params of the types Berth knows', () => {
    expect(
      problems('berth:workflow:run', {
        system: 'shop',
        workflow: 'release',
        params: { environment: 'qa', replicas: 2, dry: true, tags: ['a'] },
      }),
    ).toEqual([]);
    expect(
      problems('berth:workflow:run', {
        system: 'shop',
        workflow: 'release',
        params: { nested: { a: 1 } },
      }),
    ).not.toEqual([]);
  });

  it('refuses a sandbox without forks or with a fork of unknown fields', () => {
    expect(
      problems('berth:sandbox:create', {
        environmentId: ENV_ID,
        name: 'alice',
        forks: [{ service: 'cart', images: { main: 'x/cart:pr-1' } }],
        ttlHours: 8,
      }),
    ).toEqual([]);
    expect(
      problems('berth:sandbox:create', {
        environmentId: ENV_ID,
        name: 'alice',
        forks: [],
      }).join('\n'),
    ).toContain('does not meet minimum length of 1');
    expect(
      problems('berth:sandbox:create', {
        environmentId: ENV_ID,
        name: 'alice',
        forks: [{ service: 'cart', replicas: 2 }],
      }).join('\n'),
    ).toContain('additional property "replicas"');
  });
});
