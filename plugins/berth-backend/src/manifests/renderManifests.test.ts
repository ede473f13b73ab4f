import { InputError } from '@backstage/errors';
import { renderManifests } from './renderManifests';
import { ManifestVariable } from './types';

const source = "manifests of service 'cache'";

function refusal(
  text: string,
  variables: unknown,
  values = {},
  options = {},
): string {
  try {
    renderManifests(text, variables, values, { source, ...options });
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected the manifests to be refused');
}

const configMap = (data: string) =>
  [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: settings',
    'data:',
    data,
  ].join('\n');

describe('renderManifests', () => {
  it('keeps the type of each value: strings stay strings', () => {
    const variables: ManifestVariable[] = [
      { name: 'answer', type: 'string' },
      { name: 'version', type: 'string' },
      { name: 'zip', type: 'string' },
      { name: 'replicas', type: 'number' },
      { name: 'enabled', type: 'boolean' },
      { name: 'level', type: 'enum', options: ['info', 'debug'] },
    ];
    const [object] = renderManifests(
      configMap(
        [
          '  answer: {{ .answer }}',
          '  version: {{.version}}',
          '  zip: {{ .zip }}',
          '  level: {{ .level }}',
          'spec:',
          '  replicas: {{ .replicas }}',
          '  enabled: {{ .enabled }}',
        ].join('\n'),
      ),
      variables,
      {
        answer: 'yes',
        version: '1.0',
        zip: '007',
        replicas: 3,
        enabled: false,
        level: 'debug',
      },
    );
    expect(object).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings' },
      data: { answer: 'yes', version: '1.0', zip: '007', level: 'debug' },
      spec: { replicas: 3, enabled: false },
    });
  });

  it('cannot be broken out of by a value', () => {
    const hostile =
      'x\nkind: Secret\nmetadata: {name: stolen}\n---\n{{ .a }}: "';
    const [object] = renderManifests(
      configMap(
        '  note: {{ .note }}\n  quoted: "{{ .note }}"\n  inline: pre-{{ .note }}',
      ),
      [{ name: 'note', type: 'string' }],
      { note: hostile },
    );
    expect(object.kind).toBe('ConfigMap');
    expect(object.data).toEqual({
      note: hostile,
      quoted: hostile,
      inline: `pre-${hostile}`,
    });
  });

  it('places yaml values as data, whatever the indentation', () => {
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: notifications',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: app',
      '          env: {{ .extraEnv }}',
      '          resources:',
      '            {{ .resources }}',
    ].join('\n');
    const [object] = renderManifests(
      text,
      [
        { name: 'extraEnv', type: 'yaml' },
        { name: 'resources', type: 'yaml', default: { limits: { cpu: '1' } } },
      ],
      { extraEnv: '- name: A\n  value: "1"\n- name: B\n  value: "yes"\n' },
    );
    expect(object.spec).toEqual({
      template: {
        spec: {
          containers: [
            {
              name: 'app',
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: 'yes' },
              ],
              resources: { limits: { cpu: '1' } },
            },
          ],
        },
      },
    });
  });

  it('writes the text of values inside longer, quoted and block scalars', () => {
    const [object] = renderManifests(
      configMap(
        [
          '  image: "ghcr.io/berth-demo/cache:{{ .tag }}"',
          '  name: cache-{{ .replicas }}-{{ .enabled }}',
          "  single: '{{ .replicas }}'",
          '  redis.conf: |',
          '    maxmemory {{ .maxMemory }}',
          '    appendonly {{ .enabled }}',
          '  {{ .keyName }}: key',
        ].join('\n'),
      ),
      [
        { name: 'tag', type: 'string', default: '7.2' },
        { name: 'replicas', type: 'number', default: 2 },
        { name: 'enabled', type: 'boolean', default: true },
        { name: 'maxMemory', type: 'string', default: '256mb' },
        { name: 'keyName', type: 'string', default: 'dynamic' },
      ],
      {},
    );
    expect(object.data).toEqual({
      image: 'ghcr.io/berth-demo/cache:7.2',
      name: 'cache-2-true',
      single: '2',
      'redis.conf': 'maxmemory 256mb\nappendonly true\n',
      dynamic: 'key',
    });
  });

  it('gives null, or an empty text, for optional variables without a value', () => {
    const [object] = renderManifests(
      configMap('  alone: {{ .note }}\n  inside: "[{{ .note }}]"'),
      [{ name: 'note', type: 'string' }],
      undefined,
    );
    expect(object.data).toEqual({ alone: null, inside: '[]' });
  });

  it('resolves aliases of anchored placeholders', () => {
    const [object] = renderManifests(
      configMap('  a: &port {{ .port }}\n  b: *port'),
      [{ name: 'port', type: 'number', default: 6379 }],
      {},
    );
    expect(object.data).toEqual({ a: 6379, b: 6379 });
  });

  it('returns every object, skipping empty documents', () => {
    const text = [
      '# leading comment',
      '---',
      'apiVersion: v1',
      'kind: Service',
      'metadata: {name: cache}',
      '---',
      '---',
      '# only a comment',
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: cache}',
      '',
    ].join('\n');
    expect(
      renderManifests(text, [], {}).map(o => `${o.kind}/${o.metadata.name}`),
    ).toEqual(['Service/cache', 'Deployment/cache']);
    expect(renderManifests('', [], {})).toEqual([]);
  });

  it('refuses variable and value problems before rendering', () => {
    expect(refusal(configMap('  a: {{ .missing }}'), [])).toBe(
      `${source}: line 6: {{ .missing }} uses a variable that is not defined (undefined: missing; defined: none)`,
    );
    expect(
      refusal(configMap('  a: {{ .n }}'), [{ name: 'n', type: 'number' }], {
        n: '3',
      }),
    ).toBe(
      `${source}: variable 'n' must be a finite number, but it is the string "3"`,
    );
    expect(refusal(configMap('  a: {{ .a.b }}'), [])).toBe(
      `${source}: line 6: '{{ .a.b }}' is not a placeholder; a placeholder is a variable name in the form {{ .name }}`,
    );
  });

  it('refuses a yaml value that is not alone as a value', () => {
    const variables = [{ name: 'env', type: 'yaml', default: '[]' }];
    expect(refusal(configMap('  a: "x{{ .env }}"'), variables)).toBe(
      `${source}: line 6: {{ .env }} is a yaml variable, so it must stand alone as an unquoted value, not be part of a string`,
    );
    expect(refusal(configMap('  {{ .env }}: x'), variables)).toContain(
      'must stand alone as an unquoted value, not be part of a key',
    );
  });

  it('refuses objects Berth may not create, naming the document and line', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: a}',
      '---',
      'apiVersion: v1',
      'kind: Namespace',
      'metadata: {name: {{ .ns }}}',
    ].join('\n');
    expect(
      refusal(text, [{ name: 'ns', type: 'string', default: 'other' }]),
    ).toBe(
      `${source}: document 2 (line 5): Namespace 'other': a service cannot create namespaces; Berth creates the environment's namespace itself`,
    );
    expect(
      refusal(
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: {{ .ns }}\n',
        [{ name: 'ns', type: 'string', default: 'prod' }],
      ),
    ).toBe(
      `${source}: document 1 (line 1): ConfigMap 'a' sets metadata.namespace to "prod"; leave it out, Berth deploys into the environment's namespace`,
    );
    expect(refusal('kind: ConfigMap\nmetadata: {name: a}\n', [])).toBe(
      `${source}: document 1 (line 1): the object has no apiVersion`,
    );
    expect(
      refusal(
        'apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: a}\n',
        [],
      ),
    ).toContain("PersistentVolume 'a' is cluster-scoped");
    expect(refusal('- a\n- b\n', [])).toBe(
      `${source}: document 1 (line 1): a document must be a mapping (a Kubernetes object), not a list`,
    );
  });

  it('refuses two objects of the same kind and name', () => {
    const doc = 'apiVersion: v1\nkind: Service\nmetadata: {name: cache}\n';
    expect(refusal(`${doc}---\n${doc}`, [])).toBe(
      `${source}: document 2 (line 5): Service 'cache' is defined twice (documents 1 and 2)`,
    );
    const deployment =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: cache}\n';
    expect(renderManifests(`${doc}---\n${deployment}`, [], {})).toHaveLength(2);
  });

  it('refuses keys made equal by values', () => {
    expect(
      refusal(configMap('  {{ .a }}: 1\n  {{ .b }}: 2'), [
        { name: 'a', type: 'string', default: 'same' },
        { name: 'b', type: 'string', default: 'same' },
      ]),
    ).toBe(
      `${source}: line 7: the key 'same' appears more than once in the same mapping (first on line 6)`,
    );
  });

  it('refuses invalid YAML, custom tags and alias bombs, fast', () => {
    expect(refusal(configMap('  a: [1'), [])).toMatch(
      new RegExp(`^${source}: line \\d+: `),
    );
    expect(refusal(configMap('  a: !vault secret/x'), [])).toBe(
      `${source}: line 6: the tag !vault is not allowed; only plain YAML data is`,
    );
    const bomb = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: bomb}',
      'a: &a [{{ .lol }},{{ .lol }},{{ .lol }},{{ .lol }},{{ .lol }},{{ .lol }},{{ .lol }},{{ .lol }}]',
      ...'bcdefgh'
        .split('')
        .map(
          (n, i) =>
            `${n}: &${n} [${Array(8).fill(`*${'abcdefgh'[i]}`).join(',')}]`,
        ),
    ].join('\n');
    const started = Date.now();
    expect(
      refusal(bomb, [{ name: 'lol', type: 'string', default: 'lol' }]),
    ).toContain('once its aliases are expanded; is this an alias bomb?');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses a value whose copies through aliases grow too large', () => {
    const text = configMap(
      [
        '  a: &big {{ .blob }}',
        `  b: [${Array(20).fill('*big').join(', ')}]`,
      ].join('\n'),
    );
    const blob = JSON.stringify(Array(1500).fill('x'.repeat(30)));
    expect(
      refusal(
        text,
        [{ name: 'blob', type: 'yaml' }],
        { blob },
        { maxBytes: 16 * 1024 },
      ),
    ).toContain(
      'the data would exceed 65536 bytes once its aliases are expanded',
    );
  });

  it('refuses a text over the byte limit', () => {
    expect(refusal(`# ${'x'.repeat(100)}`, [], {}, { maxBytes: 50 })).toBe(
      `${source}: the text is 102 bytes long, more than the limit of 50 bytes`,
    );
  });
});
