import fs from 'fs';
import path from 'path';
import { parseYamlValue } from '../values/safeYaml';
import { isPlainObject } from '../values/plainValues';
import { renderManifests } from './renderManifests';
import { validateVariableDefinitions } from './validateVariableDefinitions';

const examples = path.resolve(__dirname, '../../../../examples/manifests');

function load(name: string) {
  const text = fs.readFileSync(path.join(examples, `${name}.yaml`), 'utf8');
  const file = parseYamlValue(
    fs.readFileSync(path.join(examples, `${name}.variables.yaml`), 'utf8'),
    { source: `${name}.variables.yaml` },
  );
  expect(isPlainObject(file) && Object.keys(file)).toEqual(['variables']);
  return { text, variables: (file as { variables: unknown }).variables };
}

type Deployment = {
  spec: {
    replicas: number;
    template: { spec: { containers: Array<Record<string, unknown>> } };
  };
};

describe('the example manifests services', () => {
  const names = fs
    .readdirSync(examples)
    .filter(f => f.endsWith('.yaml') && !f.endsWith('.variables.yaml'))
    .map(f => f.replace(/\.yaml$/, ''));

  it('are cache and notifications, each with its variables file', () => {
    expect(names.sort()).toEqual(['cache', 'notifications']);
  });

  it.each(names)('%s validates and uses every variable', name => {
    const { text, variables } = load(name);
    expect(validateVariableDefinitions(variables, text).unused).toEqual([]);
  });

  it('cache renders with its defaults', () => {
    const { text, variables } = load('cache');
    const objects = renderManifests(
      text,
      variables,
      {},
      { source: 'cache.yaml' },
    );
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ConfigMap/shop-cache-config',
      'Deployment/shop-cache',
      'Service/shop-cache',
    ]);
    expect(objects[0].data).toEqual({
      'cache.conf':
        'port 6379\nmaxmemory 256mb\nmaxmemory-policy allkeys-lru\nappendonly false\n',
    });
    const deployment = objects[1] as unknown as Deployment;
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.template.spec.containers[0]).toMatchObject({
      image: 'ghcr.io/berth-demo/cache:7.2.5',
      env: [{ name: 'CACHE_PERSISTENCE', value: 'false' }],
      resources: { requests: { memory: '384Mi' }, limits: { memory: '384Mi' } },
    });
  });

  it('cache renders with given values, typed', () => {
    const { text, variables } = load('cache');
    const objects = renderManifests(text, variables, {
      replicas: 3,
      persistence: true,
      evictionPolicy: 'noeviction',
      image: 'registry.local:5000/cache:8',
    });
    const deployment = objects[1] as unknown as Deployment;
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.spec.template.spec.containers[0]).toMatchObject({
      image: 'registry.local:5000/cache:8',
      env: [{ name: 'CACHE_PERSISTENCE', value: 'true' }],
    });
    expect(objects[0].data).toEqual({
      'cache.conf':
        'port 6379\nmaxmemory 256mb\nmaxmemory-policy noeviction\nappendonly true\n',
    });
  });

  it('notifications renders with its defaults', () => {
    const { text, variables } = load('notifications');
    const objects = renderManifests(text, variables, {});
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ConfigMap/notifications-config',
      'Deployment/notifications',
      'Service/notifications',
    ]);
    expect(objects[0].data).toEqual({
      LOG_LEVEL: 'info',
      SMTP_HOST: 'mail-relay.example.com',
      SENDER_ADDRESS: 'shop@example.com',
      PUSH_ENABLED: 'true',
      ORDERS_URL: 'http://orders',
    });
    const container = (objects[1] as unknown as Deployment).spec.template.spec
      .containers[0];
    expect(container.image).toBe('ghcr.io/berth-demo/notifications:1.3.0');
    expect(container.env).toEqual([
      { name: 'TEMPLATES_DIR', value: '/app/templates' },
    ]);
  });

  it('notifications takes a log level and extra variables as YAML', () => {
    const { text, variables } = load('notifications');
    const objects = renderManifests(text, variables, {
      logLevel: 'debug',
      extraEnv: '- name: FEATURE_SMS\n  value: "yes"\n',
    });
    expect((objects[0].data as Record<string, string>).LOG_LEVEL).toBe('debug');
    expect(
      (objects[1] as unknown as Deployment).spec.template.spec.containers[0]
        .env,
    ).toEqual([{ name: 'FEATURE_SMS', value: 'yes' }]);
    expect(() =>
      renderManifests(text, variables, { logLevel: 'trace' }),
    ).toThrow(
      "manifests: variable 'logLevel' must be one of 'debug', 'info', 'warn', 'error'",
    );
  });
});
