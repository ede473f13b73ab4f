import { assertInScope, DeployScope, findOutOfScope } from './deployScope';

const scope: DeployScope = {
  cluster: 'east',
  namespace: 'shop-dev',
  allowedClusterKinds: [],
  allowedNamespaces: [],
};

// What discovery would say: a few served kinds; others are not served.
const served: Record<string, boolean> = {
  ConfigMap: true,
  Secret: true,
  ClusterRole: false,
  Widget: false,
};
const isNamespaced = async (_apiVersion: string, kind: string) => served[kind];

const object = (kind: string, name: string, namespace?: string) => ({
  apiVersion: 'v1',
  kind,
  metadata: { name, ...(namespace && { namespace }) },
});

describe('findOutOfScope', () => {
  it('accepts namespaced objects without a namespace or in the environment namespace', async () => {
    expect(
      await findOutOfScope(
        [object('ConfigMap', 'a'), object('Secret', 'b', 'shop-dev')],
        scope,
        isNamespaced,
      ),
    ).toEqual([]);
  });

  it('names every cluster-scoped object and every object in another namespace', async () => {
    expect(
      await findOutOfScope(
        [
          object('ClusterRole', 'reader'),
          object('Secret', 'planted', 'kube-system'),
          object('ConfigMap', 'fine'),
          // not served: known as cluster-scoped by Berth's list
          object('ValidatingWebhookConfiguration', 'hook'),
          // served as cluster-scoped by a CRD
          object('Widget', 'w'),
        ],
        scope,
        isNamespaced,
      ),
    ).toEqual([
      'ClusterRole/reader (cluster-scoped)',
      'Secret/planted/kube-system (in another namespace)',
      'ValidatingWebhookConfiguration/hook (cluster-scoped)',
      'Widget/w (cluster-scoped)',
    ]);
  });

  it('looks into List objects, which the API clients flatten', async () => {
    expect(
      await findOutOfScope(
        [
          {
            apiVersion: 'v1',
            kind: 'List',
            items: [object('ClusterRole', 'hidden'), object('ConfigMap', 'ok')],
          },
        ],
        scope,
        isNamespaced,
      ),
    ).toEqual(['ClusterRole/hidden (cluster-scoped)']);
  });

  it('lets through the kinds and namespaces the cluster allows', async () => {
    expect(
      await findOutOfScope(
        [
          object('ClusterRole', 'reader'),
          object('Secret', 'planted', 'kube-system'),
          object('Secret', 'other', 'elsewhere'),
        ],
        {
          ...scope,
          allowedClusterKinds: ['ClusterRole'],
          allowedNamespaces: ['kube-system'],
        },
        isNamespaced,
      ),
    ).toEqual(['Secret/other/elsewhere (in another namespace)']);
  });
});

describe('assertInScope', () => {
  it('refuses with a NotAllowedError naming each object and the config that would allow it', async () => {
    const refusal = assertInScope(
      [object('ClusterRole', 'reader'), object('Secret', 'x', 'kube-system')],
      scope,
      isNamespaced,
    );
    await expect(refusal).rejects.toMatchObject({
      name: 'NotAllowedError',
      message:
        "Deploy refused before anything was applied: 2 objects reach outside namespace 'shop-dev': ClusterRole/reader (cluster-scoped), Secret/x/kube-system (in another namespace). Only objects in the environment's namespace may be deployed, unless berth.clusters.east.deployer allows the kind (allowedClusterKinds) or the namespace (allowedNamespaces).",
    });
  });

  it('passes objects in scope', async () => {
    await expect(
      assertInScope([object('ConfigMap', 'a')], scope, isNamespaced),
    ).resolves.toBeUndefined();
  });
});
