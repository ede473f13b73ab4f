import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  BerthRoutesReport,
  BerthRoutingDriver,
  BerthSandboxRouting,
} from '@berth/plugin-berth-node';
import { V1Service } from '@kubernetes/client-node';
import { RoutingObjects } from '../routing/kube/RoutingObjects';
import { sandboxSelector } from '../routing/routingNames';
import { StoredSandbox } from '../SandboxStore';
import { sandboxNamespaceLabels } from '../sandboxNames';
import {
  berthServiceOf,
  deletePlaceholders,
  ensurePlaceholders,
  listServices,
} from './placeholders';
import { SandboxNamespaces } from './SandboxNamespaces';

/** The part of a sandbox its cluster work reads. */
export type SandboxOnCluster = Pick<
  StoredSandbox,
  | 'id'
  | 'name'
  | 'cluster'
  | 'namespace'
  | 'baseEnvironmentId'
  | 'baseNamespace'
  | 'routingDriver'
  | 'forks'
>;

/** The Berth route objects a sandbox may leave in the base namespace. */
const ROUTE_KINDS = [
  { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute' },
  { apiVersion: 'gateway.networking.k8s.io/v1beta1', kind: 'ReferenceGrant' },
];

/**
 * What a sandbox's operations do on its cluster: the namespace, the
 * placeholder Services, the routes through the sandbox's routing driver,
 * and the check that nothing of a deleted sandbox is left.
 */
export class SandboxRuntime {
  constructor(
    private readonly deps: {
      namespaces: SandboxNamespaces;
      objects: (cluster: string) => RoutingObjects;
      drivers: () => ReadonlyMap<string, BerthRoutingDriver>;
      logger: LoggerService;
    },
  ) {}

  hasDriver(key: string): boolean {
    return this.deps.drivers().has(key);
  }

  driver(key: string): BerthRoutingDriver {
    const driver = this.deps.drivers().get(key);
    if (!driver) {
      throw new NotFoundError(
        `No sandbox routing driver '${key}' is registered (known: ${[
          ...this.deps.drivers().keys(),
        ].join(', ')})`,
      );
    }
    return driver;
  }

  objects(cluster: string): RoutingObjects {
    return this.deps.objects(cluster);
  }

  async ensureNamespace(sandbox: SandboxOnCluster): Promise<void> {
    await this.deps.namespaces.ensure(
      sandbox.cluster,
      sandbox.namespace,
      sandboxNamespaceLabels(sandbox),
    );
  }

  baseServices(sandbox: SandboxOnCluster): Promise<V1Service[]> {
    return listServices(this.objects(sandbox.cluster), sandbox.baseNamespace);
  }

  /** Placeholders for every base Service no fork provides; returns their names. */
  async ensurePlaceholders(
    sandbox: SandboxOnCluster,
    baseServices: V1Service[],
  ): Promise<string[]> {
    return ensurePlaceholders(this.objects(sandbox.cluster), {
      baseServices,
      forked: new Set(sandbox.forks.map(f => f.service)),
      namespace: sandbox.namespace,
      labels: sandboxNamespaceLabels(sandbox),
    });
  }

  deletePlaceholders(
    sandbox: SandboxOnCluster,
    names: string[],
  ): Promise<string[]> {
    return deletePlaceholders(
      this.objects(sandbox.cluster),
      sandbox.namespace,
      new Set(names),
    );
  }

  /** What the driver is told: every base Service of a forked service goes to its fork. */
  routing(
    sandbox: SandboxOnCluster,
    baseServices: V1Service[],
  ): BerthSandboxRouting {
    const forked = new Set(sandbox.forks.map(f => f.service));
    return {
      sandbox: sandbox.name,
      namespace: sandbox.namespace,
      base: {
        environmentId: sandbox.baseEnvironmentId,
        cluster: sandbox.cluster,
        namespace: sandbox.baseNamespace,
      },
      forks: baseServices.flatMap(service => {
        const owner = berthServiceOf(service);
        if (!owner || !forked.has(owner)) return [];
        const name = service.metadata!.name!;
        return [
          {
            service: owner,
            baseService: name,
            target: `${name}.${sandbox.namespace}.svc.cluster.local`,
          },
        ];
      }),
    };
  }

  async ensureRoutes(
    sandbox: SandboxOnCluster,
    baseServices?: V1Service[],
    signal?: AbortSignal,
  ): Promise<BerthRoutesReport> {
    const services = baseServices ?? (await this.baseServices(sandbox));
    return this.driver(sandbox.routingDriver).ensureRoutes(
      this.routing(sandbox, services),
      { logger: this.deps.logger, cluster: sandbox.cluster, signal },
    );
  }

  async removeRoutes(
    sandbox: SandboxOnCluster,
    signal?: AbortSignal,
  ): Promise<void> {
    await this.driver(sandbox.routingDriver).removeRoutes(
      // Removal is by the sandbox's labels and names: no forks needed.
      this.routing({ ...sandbox, forks: [] }, []),
      { logger: this.deps.logger, cluster: sandbox.cluster, signal },
    );
  }

  deleteNamespace(sandbox: SandboxOnCluster): Promise<void> {
    return this.deps.namespaces.delete(sandbox.cluster, sandbox.namespace);
  }

  /**
   * What is left of a deleted sandbox: Berth routes labelled with it in the
   * base namespace, and its namespace unless gone or terminating. Empty
   * when nothing is.
   */
  async leftovers(sandbox: SandboxOnCluster): Promise<string[]> {
    const objects = this.objects(sandbox.cluster);
    const left: string[] = [];
    for (const kind of ROUTE_KINDS) {
      if (!(await objects.serves(kind))) continue;
      const found = await objects.list(
        kind,
        sandbox.baseNamespace,
        sandboxSelector(sandbox.name, sandbox.baseNamespace),
      );
      left.push(
        ...found.map(
          o => `${kind.kind} ${sandbox.baseNamespace}/${o.metadata?.name}`,
        ),
      );
    }
    const state = await this.deps.namespaces.state(
      sandbox.cluster,
      sandbox.namespace,
    );
    if (state === 'active') left.push(`Namespace ${sandbox.namespace}`);
    return left;
  }
}
