import { diffObjects, summarize } from './diffObjects';
import { fieldPaths, outOfBandFields } from './managedFields';
import { parseManifest } from '../shared/manifestYaml';
import { normalizeObject } from './normalizeObject';
import { redactManifest } from '../shared/redactSecrets';

const deployment = (replicas: number, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'cart',
    namespace: 'shop-dev',
    labels: { 'app.kubernetes.io/managed-by': 'Helm', app: 'cart' },
    annotations: { 'meta.helm.sh/release-name': 'cart' },
    ...extra,
  },
  spec: { replicas },
});

describe('normalizeObject', () => {
  it('drops status, server metadata and Helm bookkeeping, and sorts keys', () => {
    const normalized = normalizeObject({
      ...deployment(2, {
        uid: 'u',
        resourceVersion: '7',
        generation: 3,
        creationTimestamp: '2026-01-01T00:00:00Z',
        managedFields: [{ manager: 'helm' }],
      }),
      status: { readyReplicas: 2 },
    });
    expect(normalized).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        labels: { app: 'cart' },
        name: 'cart',
        namespace: 'shop-dev',
      },
      spec: { replicas: 2 },
    });
    expect(Object.keys(normalized.metadata!)).toEqual([
      'labels',
      'name',
      'namespace',
    ]);
  });
});

describe('diffObjects', () => {
  it('tells added, removed, changed and unchanged objects apart, with a unified diff', () => {
    const config = (data: string) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg' },
      data: { message: data },
    });
    const old = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'gone' },
    };
    const added = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'new' },
    };
    const diffs = diffObjects(
      [deployment(1, { uid: 'a' }), config('hi'), old],
      [deployment(1, { uid: 'b' }), config('hello'), added],
      ['live', 'rendered'],
    );
    expect(diffs.map(d => [d.kind, d.name, d.change])).toEqual([
      ['ConfigMap', 'cfg', 'changed'],
      ['Deployment', 'cart', 'unchanged'],
      ['Service', 'gone', 'removed'],
      ['Service', 'new', 'added'],
    ]);
    expect(diffs[0].diff).toContain('--- live/ConfigMap/cfg');
    expect(diffs[0].diff).toContain('+++ rendered/ConfigMap/cfg');
    expect(diffs[0].diff).toContain('-  message: hi');
    expect(diffs[0].diff).toContain('+  message: hello');
    expect(diffs[1].diff).toBe('');
    expect(summarize(diffs)).toEqual({
      added: 1,
      removed: 1,
      changed: 1,
      unchanged: 1,
    });
  });

  it('never shows Secret values, but tells which keys changed', () => {
    const secret = (data: Record<string, string>) => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db' },
      data,
    });
    const [diff] = diffObjects(
      [secret({ password: 'c2VjcmV0MQ==', user: 'YWRh' })],
      [secret({ password: 'c2VjcmV0Mg==', user: 'YWRh', extra: 'eA==' })],
    );
    expect(diff.change).toBe('changed');
    expect(diff.diff).toContain('+  password: "<redacted: changed>"');
    expect(diff.diff).toContain('+  extra: <redacted>');
    expect(diff.diff).not.toMatch(/c2VjcmV0|YWRh|eA==/);

    const [same] = diffObjects(
      [secret({ password: 'c2VjcmV0MQ==' })],
      [secret({ password: 'c2VjcmV0MQ==' })],
    );
    expect(same.change).toBe('unchanged');
  });
});

describe('redactManifest', () => {
  it('replaces every Secret value in a manifest and keeps the rest', () => {
    const manifest = [
      '# Source: x',
      'apiVersion: v1',
      'kind: Secret',
      'metadata: { name: db }',
      'data: { password: c2VjcmV0 }',
      'stringData: { token: abc123 }',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: { name: cfg }',
      'data: { mode: "0755" }',
    ].join('\n');
    const redacted = redactManifest(manifest);
    expect(redacted).not.toMatch(/c2VjcmV0|abc123/);
    const [secret, config] = parseManifest(redacted);
    expect(secret.data).toEqual({ password: '<redacted>' });
    expect(secret.stringData).toEqual({ token: '<redacted>' });
    expect(config.data).toEqual({ mode: '0755' });
  });
});

describe('managed fields', () => {
  const fieldsV1 = {
    'f:spec': {
      'f:template': {
        'f:spec': {
          'f:containers': {
            'k:{"name":"app"}': {
              '.': {},
              'f:env': {
                'k:{"name":"DEBUG"}': { '.': {}, 'f:name': {}, 'f:value': {} },
              },
            },
          },
        },
      },
    },
  };

  it('turns fieldsV1 into readable paths', () => {
    expect(fieldPaths(fieldsV1)).toEqual([
      'spec.template.spec.containers[name=app].env[name=DEBUG].name',
      'spec.template.spec.containers[name=app].env[name=DEBUG].value',
    ]);
  });

  it('reports fields set by managers other than Berth, Helm and the control plane', () => {
    const object = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'cart',
        managedFields: [
          {
            manager: 'helm',
            operation: 'Update',
            fieldsV1: { 'f:spec': { 'f:replicas': {} } },
          },
          {
            manager: 'berth-drift',
            operation: 'Apply',
            fieldsV1: { 'f:spec': { 'f:paused': {} } },
          },
          {
            manager: 'kube-controller-manager',
            operation: 'Update',
            subresource: 'status',
            fieldsV1: { 'f:status': { 'f:replicas': {} } },
          },
          { manager: 'kubectl-set', operation: 'Update', fieldsV1 },
        ],
      },
    };
    expect(outOfBandFields(object)).toEqual([
      'kubectl-set: spec.template.spec.containers[name=app].env[name=DEBUG].name',
      'kubectl-set: spec.template.spec.containers[name=app].env[name=DEBUG].value',
    ]);
  });
});
