import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { BerthSandboxRouting } from '@berth/plugin-berth-node';
import { OperationStore } from '../operations/OperationStore';
import { SandboxNamespaces } from './cluster/SandboxNamespaces';
import { SandboxRuntime } from './cluster/SandboxRuntime';
import { BASE_NAMESPACE_LABEL, SANDBOX_LABEL } from './routing/routingNames';
import { sandboxLockKey } from './SandboxService';
import { SandboxStore } from './SandboxStore';
import {
  SANDBOX_ID_LABEL,
  SANDBOX_NAMESPACE_SELECTOR,
  sandboxNamespaceName,
} from './sandboxNames';

/** What one reconcile did. */
export interface ReconcileReport {
  /** Sandboxes whose routes were written again. */
  routed: string[];
  /** Orphans removed: `<cluster>/<namespace>` of sandboxes no row knows. */
  orphans: string[];
  /** What failed, per sandbox or cluster (the next run tries again). */
  errors: string[];
}

const HTTP_ROUTE = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
};

/**
 * Writes the routes of every ready or degraded sandbox again (a base
 * redeploy may have rewritten its routes; the driver deletes stale
 * objects), skipping sandboxes an operation is working on; then removes
 * orphans: sandbox namespaces, and Berth's HTTPRoutes for sandboxes, whose
 * sandbox no longer exists, of bases that are environments of this Berth
 * (another Berth's, or a test's, are left alone). Run by a global
 * scheduler task.
 */
export async function reconcileSandboxes(deps: {
  store: SandboxStore;
  operations: Pick<OperationStore, 'active'>;
  runtime: SandboxRuntime;
  namespaces: SandboxNamespaces;
  clusters: () => string[];
  /** The namespaces of Berth's environments on a cluster: only their sandboxes are swept. */
  environmentNamespaces: (cluster: string) => Promise<ReadonlySet<string>>;
  routingDriverFor: (cluster: string) => string;
  logger: LoggerService;
}): Promise<ReconcileReport> {
  const report: ReconcileReport = { routed: [], orphans: [], errors: [] };
  const sandboxes = await deps.store.list();
  for (const sandbox of sandboxes) {
    if (sandbox.status !== 'ready' && sandbox.status !== 'degraded') continue;
    try {
      if ((await deps.operations.active(sandboxLockKey(sandbox.id))).length) {
        continue;
      }
      const routes = await deps.runtime.ensureRoutes(sandbox);
      await deps.store.update(sandbox.id, {
        status: routes.warnings.length > 0 ? 'degraded' : 'ready',
        warnings: routes.warnings,
        previewHosts: routes.previewHosts ?? [],
        routesWrittenAt: new Date(),
      });
      report.routed.push(sandbox.name);
    } catch (error) {
      report.errors.push(`sandbox '${sandbox.name}': ${stringifyError(error)}`);
    }
  }

  const known = new Set(sandboxes.map(s => s.id));
  const knownKeys = new Set(
    sandboxes.map(s => `${s.cluster}|${s.baseNamespace}|${s.name}`),
  );
  for (const cluster of deps.clusters()) {
    try {
      await removeOrphans(deps, cluster, known, knownKeys, report);
    } catch (error) {
      report.errors.push(`cluster '${cluster}': ${stringifyError(error)}`);
    }
  }
  for (const error of report.errors) {
    deps.logger.warn(`Sandbox reconcile: ${error}`);
  }
  if (report.orphans.length > 0) {
    deps.logger.info(
      `Sandbox reconcile removed orphans: ${report.orphans.join(', ')}`,
    );
  }
  return report;
}

async function removeOrphans(
  deps: Parameters<typeof reconcileSandboxes>[0],
  cluster: string,
  known: ReadonlySet<string>,
  knownKeys: ReadonlySet<string>,
  report: ReconcileReport,
) {
  const bases = await deps.environmentNamespaces(cluster);
  const driverKey = deps.routingDriverFor(cluster);
  const driver = deps.runtime.hasDriver(driverKey)
    ? deps.runtime.driver(driverKey)
    : undefined;
  const removeRoutes = async (
    sandbox: string,
    namespace: string,
    baseNamespace: string,
  ) => {
    const routing: BerthSandboxRouting = {
      sandbox,
      namespace,
      base: { environmentId: '', cluster, namespace: baseNamespace },
      forks: [],
    };
    await driver?.removeRoutes(routing, { logger: deps.logger, cluster });
  };

  const namespaces = await deps.namespaces.list(
    cluster,
    SANDBOX_NAMESPACE_SELECTOR,
  );
  for (const namespace of namespaces) {
    if (known.has(namespace.labels[SANDBOX_ID_LABEL])) continue;
    if (namespace.terminating) continue;
    const sandbox = namespace.labels[SANDBOX_LABEL];
    const baseNamespace = namespace.labels[BASE_NAMESPACE_LABEL];
    if (!sandbox || !baseNamespace || !bases.has(baseNamespace)) continue;
    await removeRoutes(sandbox, namespace.name, baseNamespace);
    await deps.namespaces.delete(cluster, namespace.name);
    report.orphans.push(`${cluster}/${namespace.name}`);
  }

  const objects = deps.runtime.objects(cluster);
  if (!(await objects.serves(HTTP_ROUTE))) return;
  const routes = await objects.list(
    HTTP_ROUTE,
    undefined,
    `app.kubernetes.io/managed-by=berth,${SANDBOX_LABEL}`,
  );
  const orphanKeys = new Map<string, { sandbox: string; base: string }>();
  for (const route of routes) {
    const sandbox = route.metadata?.labels?.[SANDBOX_LABEL];
    const base = route.metadata?.labels?.[BASE_NAMESPACE_LABEL];
    if (!sandbox || !base || !bases.has(base)) continue;
    const key = `${cluster}|${base}|${sandbox}`;
    if (!knownKeys.has(key)) orphanKeys.set(key, { sandbox, base });
  }
  for (const { sandbox, base } of orphanKeys.values()) {
    await removeRoutes(sandbox, sandboxNamespaceName(base, sandbox), base);
    report.orphans.push(`${cluster}/${base} routes of '${sandbox}'`);
  }
}
