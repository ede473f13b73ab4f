import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import {
  BerthProject,
  DeploymentRecord,
  EnvironmentServiceSettings,
} from '@berth/plugin-berth-common';
import { StoredEnvironment } from '../model/environment';
import { objectYaml } from '../shared/manifestYaml';
import { manifestImages } from './containerImages';
import { profiledDeploy, profilePhase } from '../shared/deployProfile';
import { redactManifest } from '../shared/redactSecrets';
import { ServiceStore } from '../services/ServiceStore';
import { Deployer } from './Deployer';
import { DeploymentStore } from './DeploymentStore';
import { ChartSources } from './chartSources';
import { scrubSecrets, SecretValues } from '../secretValues';
import { startOrderGroups } from './startOrderGroups';
import { resolveServiceDeployment } from './resolveServiceDeployment';

/** How one service's deploy resumes after an interruption. */
export interface ServiceResume {
  /** The service's deploy ran before and did not finish. */
  interrupted: boolean;
  /** The record that deploy started, to finish instead of starting another. */
  recordId?: string;
  /** Keeps the record id for a later resume. */
  saveRecordId(id: string): Promise<void>;
}

/**
 * Where a deploy checkpoints: each start-order group and each service runs
 * through these (the operations engine records them as steps, skipping what
 * succeeded before). A service checkpoint's `run` rejects when it failed.
 */
export interface DeployCheckpoints {
  group(
    index: number,
    services: string[],
    run: () => Promise<void>,
  ): Promise<void>;
  service(
    group: number,
    service: string,
    run: (resume: ServiceResume) => Promise<DeploymentRecord>,
  ): Promise<DeploymentRecord>;
}

/** Runs every checkpoint at once, as a deploy outside an operation does. */
const NO_CHECKPOINTS: DeployCheckpoints = {
  group: (_index, _services, run) => run(),
  service: (_group, _service, run) =>
    run({ interrupted: false, saveRecordId: async () => undefined }),
};

/** A service deploy that failed: its record, with the message. */
export class ServiceDeployError extends Error {
  name = 'ServiceDeployError';
  constructor(readonly record: DeploymentRecord, message: string) {
    super(message);
  }
}

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
      /** Where the services' charts come from. */
      charts: ChartSources;
      /** Reads secret values for helm and keeps each record's; see SecretValues. */
      secrets?: SecretValues;
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
    operationId?: string;
    /** The workflow job run that deploys (kept in the records). */
    jobRunId?: string;
    checkpoints?: DeployCheckpoints;
    signal?: AbortSignal;
  }): Promise<DeployOutcome> {
    const { project, environment } = input;
    const checkpoints = input.checkpoints ?? NO_CHECKPOINTS;
    const groups = startOrderGroups(project, input.only);

    const records: DeploymentRecord[] = [];
    for (const [index, group] of groups.entries()) {
      const failures: Array<{ service: string; error: string }> = [];
      try {
        await checkpoints.group(index, group, async () => {
          const results = await Promise.allSettled(
            group.map(service =>
              checkpoints.service(index, service, async resume => {
                const { record, error } = await this.deployService({
                  ...input,
                  service,
                  group: index,
                  resume,
                });
                if (error) throw new ServiceDeployError(record, error);
                return record;
              }),
            ),
          );
          for (const [i, result] of results.entries()) {
            if (result.status === 'fulfilled') {
              records.push(result.value);
              continue;
            }
            const reason = result.reason;
            if (!(reason instanceof ServiceDeployError)) throw reason;
            records.push(reason.record);
            failures.push({ service: group[i], error: reason.message });
          }
          if (failures.length > 0) {
            throw new Error(groupFailureMessage(index, group, failures));
          }
        });
      } catch (error) {
        if (failures.length === 0) throw error;
        const rest = groups.slice(index + 1).flat();
        const message = `${groupFailureMessage(index, group, failures)}${
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
    /** The operation this deploy is part of (kept in the record). */
    operationId?: string;
    /** The workflow job run this deploy is part of (kept in the record). */
    jobRunId?: string;
    /** Resuming an interrupted deploy of this service. */
    resume?: ServiceResume;
    /** Stops a running helm (shutdown, lost lease). */
    signal?: AbortSignal;
  }): Promise<{ record: DeploymentRecord; error?: string }> {
    return profiledDeploy(input.service, () => this.deployProfiled(input));
  }

  private async deployProfiled(
    input: Parameters<DeployOrchestrator['deployService']>[0],
  ): Promise<{ record: DeploymentRecord; error?: string }> {
    const { project, environment, service } = input;
    const settings = input.settings ?? environment.services[service] ?? {};
    const serviceInfo = await this.deps.services.get(project.ref, service);
    const resolved = await profilePhase('resolve', () =>
      resolveServiceDeployment(this.deps.services, serviceInfo, {
        project,
        environment,
        settings,
        charts: this.deps.charts,
        secrets: this.deps.secrets,
        // A rollback's merged Helm values (manifests services have none).
        valuesOverride: input.rollback?.values,
        rollbackOf: input.rollback?.of,
      }),
    );
    const scrub = (text: string) => scrubSecrets(text, resolved.secretTexts);
    const snapshot = {
      environmentId: environment.id,
      service,
      revision: resolved.revision,
      valuesDigest: resolved.digest,
      images: resolved.images,
      actor: input.actor,
      group: input.group,
      rollbackOf: input.rollback?.of,
      settings,
      operationId: input.operationId,
      jobRunId: input.jobRunId,
      values: objectYaml(
        resolved.deployment.target.kind === 'helm'
          ? resolved.deployment.target.values
          : settings.variables ?? {},
      ),
    };
    // A resumed deploy finishes the record it started, so an interruption
    // leaves one record per service and operation, never one left running.
    const previous = input.resume?.recordId
      ? await this.deps.deployments.getIfRunning(input.resume.recordId)
      : undefined;
    const record = await profilePhase('record.start', () =>
      previous
        ? this.deps.deployments.restart(previous.id, snapshot)
        : this.deps.deployments.start(snapshot),
    );
    await input.resume?.saveRecordId(record.id);

    const running = this.inProgress.get(environment.id) ?? new Set<string>();
    this.inProgress.set(environment.id, running.add(service));
    // What was applied, Secret values redacted, even when readiness fails.
    let manifest: string | undefined;
    let images: string[] | undefined;
    try {
      await profilePhase('prepareNamespace', async () =>
        this.deps.prepareNamespace?.(environment),
      );
      // The exact secret values of this record, for a rollback to it.
      await profilePhase('recordSecret', async () =>
        this.deps.secrets?.store?.put(
          {
            kind: 'record',
            cluster: environment.cluster,
            namespace: environment.namespace,
            recordId: record.id,
          },
          resolved.secretEntries,
        ),
      );
      if (input.resume?.interrupted) {
        // A helm killed mid-upgrade leaves the release pending-*: repair it
        // (roll back or uninstall, per its history) before deploying again.
        await this.deps.deployer.repair?.(resolved.deployment);
      }
      const deployed = await profilePhase('deploy', () =>
        this.deps.deployer.deploy(resolved.deployment, {
          signal: input.signal,
        }),
      );
      const { helmRevision } = deployed;
      manifest =
        deployed.manifest === undefined
          ? undefined
          : scrub(redactManifest(deployed.manifest));
      // What Helm rendered names the images better than the image paths
      // (a chart may add a registry, default the tag to its appVersion).
      const rendered =
        deployed.manifest === undefined
          ? undefined
          : manifestImages(deployed.manifest);
      images = rendered?.length ? rendered : undefined;
      await profilePhase('ready', () =>
        this.deps.deployer.waitUntilReady(
          resolved.deployment,
          this.deps.groupTimeoutMs,
          input.signal,
        ),
      );
      await profilePhase('record.finish', () =>
        this.deps.deployments.finish(record.id, {
          result: 'succeeded',
          helmRevision,
          manifest,
          images,
        }),
      );
      return {
        record: {
          ...record,
          result: 'succeeded',
          helmRevision,
          ...(images && { images }),
        },
      };
    } catch (error) {
      // Interrupted (shutdown, lost lease): the record stays running for
      // the operation's next attempt to finish.
      if (input.signal?.aborted) throw input.signal.reason ?? error;
      const message = scrub(stringifyError(error));
      await this.deps.deployments.finish(record.id, {
        result: 'failed',
        message,
        manifest,
        images,
      });
      return {
        record: {
          ...record,
          result: 'failed',
          message,
          ...(images && { images }),
        },
        error: message,
      };
    } finally {
      running.delete(service);
      if (running.size === 0) this.inProgress.delete(environment.id);
    }
  }
}

function groupFailureMessage(
  index: number,
  group: string[],
  failures: Array<{ service: string; error: string }>,
) {
  return `Start-order group ${index + 1} (${group.join(
    ', ',
  )}) failed: ${failures.map(f => `${f.service}: ${f.error}`).join('; ')}`;
}
