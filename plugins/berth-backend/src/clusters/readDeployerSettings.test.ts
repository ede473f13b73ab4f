import { ConfigReader } from '@backstage/config';
import { readDeployerSettings } from './readDeployerSettings';

const read = (deployer?: unknown) =>
  readDeployerSettings(
    new ConfigReader({
      berth: { clusters: { east: deployer ? { deployer } : {} } },
    } as any),
    'east',
  );

describe('readDeployerSettings', () => {
  it('defaults to the namespace-scoped admin role and empty allowlists', () => {
    expect(read()).toEqual({
      clusterRole: 'admin',
      clusterWideRole: undefined,
      allowedClusterKinds: [],
      allowedNamespaces: [],
    });
    expect(readDeployerSettings(new ConfigReader({}), 'west').clusterRole).toBe(
      'admin',
    );
  });

  it('reads the roles and allowlists of the cluster', () => {
    expect(
      read({
        clusterRole: 'edit',
        clusterWideRole: 'platform:deployer',
        allowedClusterKinds: ['ClusterRole', 'ClusterRole', 'IngressClass'],
        allowedNamespaces: ['kube-system'],
      }),
    ).toEqual({
      clusterRole: 'edit',
      clusterWideRole: 'platform:deployer',
      allowedClusterKinds: ['ClusterRole', 'IngressClass'],
      allowedNamespaces: ['kube-system'],
    });
  });

  it('refuses malformed entries, naming the key', () => {
    expect(() => read({ allowedClusterKinds: ['clusterrole'] })).toThrow(
      'berth.clusters.east.deployer.allowedClusterKinds holds "clusterrole", which is not a Kubernetes kind (e.g. ClusterRole)',
    );
    expect(() => read({ allowedNamespaces: ['Kube System'] })).toThrow(
      'berth.clusters.east.deployer.allowedNamespaces holds "Kube System", which is not a namespace name',
    );
    expect(() => read({ clusterRole: '--all' })).toThrow(
      'berth.clusters.east.deployer.clusterRole must name a ClusterRole, not "--all"',
    );
  });
});
