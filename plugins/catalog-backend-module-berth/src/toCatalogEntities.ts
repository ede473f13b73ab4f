import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  parseEntityRef,
} from '@backstage/catalog-model';
import {
  BERTH_ENVIRONMENT_ID_ANNOTATION,
  BerthCluster,
  BerthEnvironment,
} from '@berth/plugin-berth-common';

const LOCATION = 'berth:environments';

/** The catalog entity name of an environment: `<project>-<environment>`. */
export function environmentEntityName(environment: BerthEnvironment): string {
  return `${parseEntityRef(environment.projectRef).name}-${
    environment.name
  }`.slice(0, 63);
}

/**
 * Environments as `Resource` entities of type `environment`, part of their
 * project's System, owned by its owner, depending on their cluster; and the
 * configured clusters as `Resource` entities of type `kubernetes-cluster`.
 */
export function toCatalogEntities(
  environments: Array<BerthEnvironment & { ownerRef?: string }>,
  clusters: BerthCluster[],
): Entity[] {
  const annotations = {
    [ANNOTATION_LOCATION]: LOCATION,
    [ANNOTATION_ORIGIN_LOCATION]: LOCATION,
  };
  const clusterEntities: Entity[] = clusters
    .filter(c => c.source === 'config')
    .map(cluster => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: cluster.name,
        title: cluster.title ?? cluster.name,
        description: `Kubernetes cluster at ${cluster.url}`,
        annotations,
      },
      spec: {
        type: 'kubernetes-cluster',
        owner: 'group:default/platform-admins',
      },
    }));
  const environmentEntities: Entity[] = environments.map(environment => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: environmentEntityName(environment),
      title: `${parseEntityRef(environment.projectRef).name} ${
        environment.name
      }`,
      description: `Berth environment ${environment.name}: namespace ${environment.namespace} on ${environment.cluster}`,
      annotations: {
        ...annotations,
        [BERTH_ENVIRONMENT_ID_ANNOTATION]: environment.id,
        'backstage.io/kubernetes-namespace': environment.namespace,
      },
      labels: { 'berth.dev/tier': environment.tier },
    },
    spec: {
      type: 'environment',
      owner: environment.ownerRef ?? 'group:default/platform-admins',
      system: environment.projectRef,
      dependsOn: [`resource:default/${environment.cluster}`],
    },
  }));
  return [...clusterEntities, ...environmentEntities];
}
