import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import {
  BerthProject,
  DeploymentRecord,
  EnvironmentServiceSettings,
} from '@berth/plugin-berth-common';
import { StoredEnvironment } from '../environments/EnvironmentStore';
import { objectYaml } from '../rendering/manifestYaml';
import { redactManifest } from '../rendering/redactSecrets';
import { ServiceStore } from '../services/ServiceStore';
import { Deployer } from './Deployer';
import { DeploymentStore } from './DeploymentStore';
import { resolveDeployment } from './resolveDeployment';
import { ChartArchiveResolver } from '../helm/ChartArchiveStore';
import { valuesDigest } from '../values';
import { startOrderGroups } from './startOrderGroups';

/** The outcome of deploying several services. */
export interface DeployOutcome {
  records: DeploymentRecord[];
  failed: boolean;
  /** What went wrong, naming the group and services, when `failed`. */
  message?: string;
}

/**
 * Deploys services into an environment: start-order groups one after another,
 * the services of a group in parallel, each group waiting until its services
 * are ready (or failing with a clear message after its timeout). Every
 * service deployed gets a deployment record.
 */
export class DeployOrchestrator {
  private readonly inProgress = new Map<string, Set<string>>();

  constructor(
    private readonly deps: {
      services: ServiceStore;
      deployments: DeploymentStore;
      deployer: Deployer;
      logger: LoggerService;
      groupTimeoutMs: number;
      resolveChartPath: (path: string) => string;
      /** Imported chart archives, materialized for helm. */
      charts?: ChartArchiveResolver;
      /** Runs before each deploy of a service, e.g. to ensure the namespace's pull secret. */
      prepareNamespace?: (environment: StoredEnvironment) => Promise<unknown>;
    },
  ) {}

  /** The services of an environment being deployed right now. */
  deploying(environmentId: string): ReadonlySet<string> {
    return this.inProgress.get(environmentId) ?? new Set();
  }

  /**
   * Deploys the given services (default: all of the project's) in the
   * project's start order. Services outside any group go last.
   */
  async deployEnvironment(input: {
    project: BerthProject;
    environment: StoredEnvironment;
    actor: string;
    only?: string[];
  }): Promise<DeployOutcome> {
    const { project, environment } = input;
    const groups = startOrderGroups(project, input.only);

    const records: DeploymentRecord[] = [];
    for (const [index, group] of groups.entries()) {
      const results = await Promise.all(
        group.map(service =>
          this.deployService({ ...input, service, group: index }),
        ),
      );
      records.push(...results.map(r => r.record));
      const failures = results.filter(r => r.error);
      if (failures.length > 0) {
        const rest = groups.slice(index + 1).flat();
        const message = `Start-order group ${index + 1} (${group.join(
          ', ',
        )}) failed: ${failures
          .map(f => `${f.record.service}: ${f.error}`)
          .join('; ')}${
          rest.length ? `. Not deployed: ${rest.join(', ')}` : ''
        }`;
        this.deps.logger.warn(
          `Deploy of environment ${environment.name} (${environment.id}) stopped. ${message}`,
        );
        return { records, failed: true, message };
      }
    }
    return { records, failed: false };
  }

  /** Deploys one service and waits until it is ready; never throws. */
  async deployService(input: {
    project: BerthProject;
    environment: StoredEnvironment;
    service: string;
    actor: string;
    group?: number;
    settings?: EnvironmentServiceSettings;
    /** A rollback to a record: marks the new record, and deploys the record's merged Helm values. */
    rollback?: { of: string; values?: Record<string, unknown> };
  }): Promise<{ record: DeploymentRecord; error?: string }> {
    const { project, environment, service } = input;
    const settings = input.settings ?? environment.services[service] ?? {};
    const serviceInfo = await this.deps.services.get(project.ref, service);
    const revision = await this.deps.services.getRevision(
      project.ref,
      service,
      settings.revision ?? serviceInfo.latestRevision,
    );
    const resolved = await resolveDeployment({
      project,
      environment,
      componentRef: serviceInfo.componentRef,
      revision,
      settings,
      resolveChartPath: this.deps.resolveChartPath,
      charts: this.deps.charts,
    });
    const rollbackValues = input.rollback?.values;
    if (rollbackValues && resolved.deployment.target.kind === 'helm') {
      resolved.deployment.target.values = rollbackValues;
      resolved.digest = valuesDigest(rollbackValues);
    }
    const record = await this.deps.deployments.start({
      environmentId: environment.id,
      service,
      revision: resolved.revision,
      valuesDigest: resolved.digest,
      images: resolved.images,
      actor: input.actor,
      group: input.group,
      rollbackOf: input.rollback?.of,
      settings,
      values: objectYaml(
        resolved.deployment.target.kind === 'helm'
          ? resolved.deployment.target.values
          : settings.variables ?? {},
      ),
    });

    const running = this.inProgress.get(environment.id) ?? new Set<string>();
    this.inProgress.set(environment.id, running.add(service));
    // What was applied, Secret values redacted, even when readiness fails.
    let manifest: string | undefined;
    try {
      await this.deps.prepareNamespace?.(environment);
      const deployed = await this.deps.deployer.deploy(resolved.deployment);
      const { helmRevision } = deployed;
      manifest =
        deployed.manifest === undefined
          ? undefined
          : redactManifest(deployed.manifest);
      await this.deps.deployer.waitUntilReady(
        resolved.deployment,
        this.deps.groupTimeoutMs,
      );
      await this.deps.deployments.finish(record.id, {
        result: 'succeeded',
        helmRevision,
        manifest,
      });
      return { record: { ...record, result: 'succeeded', helmRevision } };
    } catch (error) {
      const message = stringifyError(error);
      await this.deps.deployments.finish(record.id, {
        result: 'failed',
        message,
        manifest,
      });
      return {
        record: { ...record, result: 'failed', message },
        error: message,
      };
    } finally {
      running.delete(service);
      if (running.size === 0) this.inProgress.delete(environment.id);
    }
  }
}
