import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { BerthRegistry } from '@berth/plugin-berth-common';
import { assertDnsLabel } from '../names';
import {
  describeScope,
  readRegistryScope,
  RegistryScope,
  scopeAllows,
} from './registryScope';

/** An image registry from `berth.registries`, with its credentials. Never return or log it. */
export interface RegistryEntry {
  name: string;
  host: string;
  username?: string;
  password?: string;
  insecure: boolean;
  plainHttp: boolean;
  /** Which environments may use it; no list means no restriction. */
  scope: RegistryScope;
}

const HOST = /^[a-zA-Z0-9.-]+(?::[0-9]+)?$|^\[[0-9a-fA-F:]+\](?::[0-9]+)?$/;

/** The name of the pull secret Berth keeps for a registry. */
export function pullSecretName(registry: string): string {
  return `berth-pull-${registry}`;
}

/**
 * The image registries of `berth.registries` and the default registry of
 * each cluster (`berth.clusters.<cluster>.registry`).
 */
export class RegistryConfig {
  static fromConfig(config: Config): RegistryConfig {
    const registries = new Map<string, RegistryEntry>();
    for (const entry of config.getOptionalConfigArray('berth.registries') ??
      []) {
      const name = entry.getString('name');
      assertDnsLabel(name, 'berth.registries name');
      if (name.length > 52) {
        throw new InputError(
          `berth.registries name '${name}' is longer than 52 characters (its pull secret is berth-pull-<name>)`,
        );
      }
      if (registries.has(name)) {
        throw new InputError(`berth.registries names '${name}' twice`);
      }
      const host = entry.getString('host');
      if (!HOST.test(host)) {
        throw new InputError(
          `berth.registries '${name}': host '${host}' must be a host name with an optional port, without a scheme or path`,
        );
      }
      const username = entry.getOptionalString('username');
      const password = entry.getOptionalString('password');
      if (Boolean(username) !== Boolean(password)) {
        throw new InputError(
          `berth.registries '${name}': set both username and password, or neither`,
        );
      }
      registries.set(name, {
        name,
        host,
        username,
        password,
        insecure: entry.getOptionalBoolean('insecure') ?? false,
        plainHttp: entry.getOptionalBoolean('plainHttp') ?? false,
        scope: readRegistryScope(entry, name),
      });
    }
    const defaults = new Map<string, string>();
    const clusters = config.getOptionalConfig('berth.clusters');
    for (const cluster of clusters?.keys() ?? []) {
      const registry = clusters!.getOptionalString(`${cluster}.registry`);
      if (registry === undefined) continue;
      if (!registries.has(registry)) {
        throw new InputError(
          `berth.clusters.${cluster}.registry names '${registry}', which berth.registries does not configure`,
        );
      }
      const { scope } = registries.get(registry)!;
      if (scope.clusters && !scope.clusters.includes(cluster)) {
        throw new InputError(
          `berth.clusters.${cluster}.registry names '${registry}', which berth.registries.${registry}.clusters does not let cluster '${cluster}' use`,
        );
      }
      defaults.set(cluster, registry);
    }
    return new RegistryConfig(registries, defaults);
  }

  constructor(
    private readonly registries: Map<string, RegistryEntry>,
    private readonly clusterDefaults: Map<string, string>,
  ) {}

  /** Every registry, without credentials. */
  list(): BerthRegistry[] {
    return [...this.registries.values()].map(r => this.describe(r));
  }

  /** A registry by name; InputError naming the known ones when there is none. */
  get(name: string): RegistryEntry {
    const registry = this.registries.get(name);
    if (!registry) {
      throw new InputError(
        `Unknown image registry '${name}'; known: ${
          [...this.registries.keys()].join(', ') ||
          'none (see berth.registries)'
        }`,
      );
    }
    return registry;
  }

  /** The registry configured for a host (e.g. `registry.example.com:5000`), if any. */
  forHost(host: string): RegistryEntry | undefined {
    return [...this.registries.values()].find(
      r => r.host.toLowerCase() === host.toLowerCase(),
    );
  }

  /**
   * InputError unless the environment may use the registry (its
   * `clusters` and `projects`): pull credentials go only where allowed.
   */
  assertAllowed(
    registry: RegistryEntry,
    environment: { name: string; cluster: string; projectRef: string },
  ): void {
    if (scopeAllows(registry.scope, environment)) return;
    throw new InputError(
      `Image registry '${registry.name}' may not be used by environment '${
        environment.name
      }' of '${environment.projectRef}' on cluster '${
        environment.cluster
      }': berth.registries allows it for ${describeScope(registry.scope)}`,
    );
  }

  /** Whether the environment may use the registry. */
  allows(
    registry: RegistryEntry,
    environment: { cluster: string; projectRef: string },
  ): boolean {
    return scopeAllows(registry.scope, environment);
  }

  /** The default registry of a cluster, if it has one. */
  clusterDefault(cluster: string): RegistryEntry | undefined {
    const name = this.clusterDefaults.get(cluster);
    return name ? this.registries.get(name) : undefined;
  }

  /** A registry as the API shows it: no credentials. */
  describe(registry: RegistryEntry): BerthRegistry {
    return {
      name: registry.name,
      host: registry.host,
      hasCredentials: Boolean(registry.username),
      insecure: registry.insecure,
      plainHttp: registry.plainHttp,
      pullSecretName: pullSecretName(registry.name),
      ...(registry.scope.clusters && { clusters: registry.scope.clusters }),
      ...(registry.scope.projects && { projects: registry.scope.projects }),
      defaultForClusters: [...this.clusterDefaults.entries()]
        .filter(([, name]) => name === registry.name)
        .map(([cluster]) => cluster)
        .sort(),
    };
  }
}
