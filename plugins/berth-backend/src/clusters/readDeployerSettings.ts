import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** How Berth deploys into the environments of one cluster. */
export interface DeployerSettings {
  /**
   * The ClusterRole bound, by a RoleBinding in each environment's namespace,
   * to the environment's deployer ServiceAccount (default `admin`).
   */
  clusterRole: string;
  /**
   * A ClusterRole bound cluster-wide (a ClusterRoleBinding per environment)
   * to the deployer ServiceAccount, for what the allowlists let a chart
   * create outside its namespace; none by default.
   */
  clusterWideRole?: string;
  /** Cluster-scoped kinds a rendered chart may hold (e.g. `ClusterRole`). */
  allowedClusterKinds: string[];
  /** Namespaces besides the environment's own that rendered objects may name. */
  allowedNamespaces: string[];
}

const ROLE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9:._-]*$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function strings(
  config: Config | undefined,
  key: string,
  pattern: RegExp,
  what: string,
  path: string,
): string[] {
  const values = config?.getOptionalStringArray(key) ?? [];
  for (const value of values) {
    if (!pattern.test(value)) {
      throw new InputError(
        `${path}.${key} holds ${JSON.stringify(value)}, which is not ${what}`,
      );
    }
  }
  return [...new Set(values)];
}

/**
 * Reads `berth.clusters.<cluster>.deployer`: the role of the deployer
 * identity and the allowlists of the rendered-object check. InputError on a
 * malformed entry.
 */
export function readDeployerSettings(
  config: Config,
  cluster: string,
): DeployerSettings {
  const path = `berth.clusters.${cluster}.deployer`;
  const deployer = config
    .getOptionalConfig('berth.clusters')
    ?.getOptionalConfig(cluster)
    ?.getOptionalConfig('deployer');
  const role = (key: string) => {
    const value = deployer?.getOptionalString(key);
    if (value !== undefined && !ROLE_NAME.test(value)) {
      throw new InputError(
        `${path}.${key} must name a ClusterRole, not ${JSON.stringify(value)}`,
      );
    }
    return value;
  };
  return {
    clusterRole: role('clusterRole') ?? 'admin',
    clusterWideRole: role('clusterWideRole'),
    allowedClusterKinds: strings(
      deployer,
      'allowedClusterKinds',
      KIND,
      'a Kubernetes kind (e.g. ClusterRole)',
      path,
    ),
    allowedNamespaces: strings(
      deployer,
      'allowedNamespaces',
      NAMESPACE,
      'a namespace name',
      path,
    ),
  };
}
