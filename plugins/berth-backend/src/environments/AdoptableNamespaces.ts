import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** A pattern: DNS-label characters with `*` for any run of them. */
const PATTERN = /^[a-z0-9*]([-a-z0-9*]*[a-z0-9*])?$/;

function toRegExp(pattern: string): RegExp {
  const escaped = pattern.split('*').map(part => part.replace(/-/g, '\\-'));
  return new RegExp(`^${escaped.join('[-a-z0-9]*')}$`);
}

/**
 * The namespaces that anyone who may create an environment on a cluster may
 * adopt (`berth.clusters.<cluster>.adoptableNamespaces`, patterns such as
 * `team-*`). Adopting any other existing namespace needs the
 * `berth.namespace.adopt` permission.
 */
export class AdoptableNamespaces {
  static fromConfig(config: Config): AdoptableNamespaces {
    const byCluster = new Map<string, { pattern: string; re: RegExp }[]>();
    const clusters = config.getOptionalConfig('berth.clusters');
    for (const cluster of clusters?.keys() ?? []) {
      const key = `berth.clusters.${cluster}.adoptableNamespaces`;
      const patterns =
        clusters!.getOptionalStringArray(`${cluster}.adoptableNamespaces`) ??
        [];
      byCluster.set(
        cluster,
        patterns.map(pattern => {
          if (pattern.length > 63 || !PATTERN.test(pattern)) {
            throw new InputError(
              `${key}: '${pattern}' is not a namespace pattern (lower-case letters, digits, '-' and '*', at most 63 characters)`,
            );
          }
          return { pattern, re: toRegExp(pattern) };
        }),
      );
    }
    return new AdoptableNamespaces(byCluster);
  }

  private constructor(
    private readonly byCluster: Map<string, { pattern: string; re: RegExp }[]>,
  ) {}

  /** Whether the cluster's patterns let anyone adopt `namespace`. */
  matches(cluster: string, namespace: string): boolean {
    return (this.byCluster.get(cluster) ?? []).some(p => p.re.test(namespace));
  }

  /** The cluster's patterns, for messages. */
  patterns(cluster: string): string[] {
    return (this.byCluster.get(cluster) ?? []).map(p => p.pattern);
  }
}
