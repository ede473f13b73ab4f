import { SECRET_VALUE_MASK } from '@berth/plugin-berth-common';
import { checkConfigObject, parseConfigKind } from './checkConfigObject';
import { podSpecUses } from './dependents';
import { changedKeys, maskSecret, secretDataOf } from './secretData';

describe('checkConfigObject', () => {
  it('sets the namespace and drops server fields and status', () => {
    expect(
      checkConfigObject(
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'a', resourceVersion: '7', uid: 'u' },
          data: { k: 'v' },
          status: {},
        },
        'ns',
      ),
    ).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'a', namespace: 'ns' },
      data: { k: 'v' },
    });
  });

  it.each([
    [
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a' } },
      /not one Berth manages/,
    ],
    [
      { apiVersion: 'v1', kind: 'Ingress', metadata: { name: 'a' } },
      /networking.k8s.io\/v1/,
    ],
    [
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'A' } },
      /DNS subdomain/,
    ],
    [
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'a', namespace: 'x' },
      },
      /environment's namespace/,
    ],
    [
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'a', labels: { a: 1 } },
      },
      /labels/,
    ],
    [[], /a mapping/],
  ])('refuses %j', (object, message) => {
    expect(() => checkConfigObject(object, 'ns')).toThrow(message);
  });

  it('reads kinds case-insensitively', () => {
    expect(parseConfigKind('persistentvolumeclaim')).toBe(
      'PersistentVolumeClaim',
    );
  });
});

describe('secret data', () => {
  const secret = (fields: object) => ({ metadata: { name: 's' }, ...fields });

  it('merges data and stringData and keeps masked keys', () => {
    expect(
      secretDataOf(
        secret({
          data: { a: 'YQ==', kept: SECRET_VALUE_MASK },
          stringData: { b: 'b' },
        }),
        { kept: 'a2VwdA==' },
      ),
    ).toEqual({ a: 'YQ==', b: 'Yg==', kept: 'a2VwdA==' });
  });

  it('refuses a mask without a value and data that is not base64, naming keys only', () => {
    expect(() =>
      secretDataOf(secret({ data: { x: SECRET_VALUE_MASK } }), {}),
    ).toThrow(/key 'x'/);
    let message = '';
    try {
      secretDataOf(secret({ data: { token: 'plain text!' } }), undefined);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/data.token is not base64/);
    expect(message).not.toContain('plain text!');
  });

  it('masks values and the last-applied annotation', () => {
    const masked = maskSecret({
      kind: 'Secret',
      metadata: {
        name: 's',
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration':
            '{"data":{"a":"c2VjcmV0"}}',
          keep: 'me',
        },
      },
      data: { a: 'c2VjcmV0' },
      stringData: { b: 'secret' },
    });
    expect(masked).toEqual({
      kind: 'Secret',
      metadata: { name: 's', annotations: { keep: 'me' } },
      data: { a: SECRET_VALUE_MASK },
    });
  });

  it('tells the keys that changed', () => {
    expect(
      changedKeys({ a: '1', b: '2', c: '3' }, { a: '1', b: '9', d: '4' }),
    ).toEqual(['b', 'c', 'd']);
  });
});

describe('podSpecUses', () => {
  const spec = {
    initContainers: [
      { name: 'i', envFrom: [{ secretRef: { name: 'init-secret' } }] },
    ],
    containers: [
      {
        name: 'c',
        env: [
          {
            name: 'A',
            valueFrom: { configMapKeyRef: { name: 'env-cm', key: 'a' } },
          },
        ],
      },
    ],
    volumes: [
      { name: 'v1', secret: { secretName: 'vol-secret' } },
      {
        name: 'v2',
        projected: { sources: [{ configMap: { name: 'proj-cm' } }] },
      },
      { name: 'v3', persistentVolumeClaim: { claimName: 'data' } },
    ],
  };
  it.each([
    ['Secret', 'init-secret', true],
    ['ConfigMap', 'env-cm', true],
    ['Secret', 'vol-secret', true],
    ['ConfigMap', 'proj-cm', true],
    ['PersistentVolumeClaim', 'data', true],
    ['ConfigMap', 'vol-secret', false],
    ['Secret', 'env-cm', false],
    ['Ingress', 'data', false],
  ] as const)('%s %s: %s', (kind, name, uses) => {
    expect(podSpecUses(spec, kind, name)).toBe(uses);
  });
});
