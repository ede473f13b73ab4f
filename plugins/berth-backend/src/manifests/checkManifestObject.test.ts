import { InputError } from '@backstage/errors';
import { checkManifestObject } from './checkManifestObject';

const where = 'cache.yaml: document 1 (line 1)';

describe('checkManifestObject', () => {
  it('accepts a namespaced object', () => {
    const object = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cache', labels: { a: 'b' } },
      data: {},
    };
    expect(checkManifestObject(object, where)).toBe(object);
  });

  it.each([
    [['a'], 'a document must be a mapping (a Kubernetes object), not a list'],
    [
      'text',
      'a document must be a mapping (a Kubernetes object), not a string',
    ],
    [
      { kind: 'ConfigMap', metadata: { name: 'x' } },
      'the object has no apiVersion',
    ],
    [{ apiVersion: 'v1', metadata: { name: 'x' } }, 'the object has no kind'],
    [
      { apiVersion: 'v1', kind: 'ConfigMap' },
      'the ConfigMap has no metadata.name',
    ],
    [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '' } },
      'the ConfigMap has no metadata.name',
    ],
    [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } },
      "Namespace 'x': a service cannot create namespaces; Berth creates the environment's namespace itself",
    ],
    [
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'x' },
      },
      "ClusterRole 'x' is cluster-scoped; a service may only create objects in its environment's namespace",
    ],
    [
      {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'x' },
      },
      "CustomResourceDefinition 'x' is cluster-scoped",
    ],
    [
      { apiVersion: 'v1', kind: 'List', metadata: { name: 'x' }, items: [] },
      "List 'x': lists are not supported; put each object in a document of its own",
    ],
    [
      {
        apiVersion: 'v1',
        kind: 'ConfigMapList',
        metadata: { name: 'x' },
        items: [],
      },
      "ConfigMapList 'x': lists are not supported",
    ],
    [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'x', namespace: 'kube-system' },
      },
      "ConfigMap 'x' sets metadata.namespace to \"kube-system\"; leave it out, Berth deploys into the environment's namespace",
    ],
    [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'x', namespace: '' },
      },
      'ConfigMap \'x\' sets metadata.namespace to ""',
    ],
  ])('refuses %j', (data, problem) => {
    expect(() => checkManifestObject(data, where)).toThrow(InputError);
    expect(() => checkManifestObject(data, where)).toThrow(
      `${where}: ${problem}`,
    );
  });
});
