import { InputError } from '@backstage/errors';
import {
  BERTH_LABELS,
  BerthProject,
  SandboxFork,
} from '@berth/plugin-berth-common';
import { ChartSources } from '../../deployments/chartSources';
import { Deployer, ServiceDeployment } from '../../deployments/Deployer';
import { environmentServiceSelector } from '../../deployments/labels';
import { resolveServiceDeployment } from '../../deployments/resolveServiceDeployment';
import { HelmRunner } from '../../kubernetes/HelmRunner';
import { StoredEnvironment } from '../../model/environment';
import { maskSecretTokensDeep, SecretValues } from '../../secretValues';
import { ServiceStore } from '../../services/ServiceStore';
import { parseManifest } from '../../shared/manifestYaml';
import { forkSettings } from './forkSettings';

/** Where a fork goes: the sandbox's id (its workloads' environment label) and namespace. */
export interface ForkTarget {
  id: string;
  namespace: string;
}

/**
 * Deploys a sandbox's forks with Berth's deploy machinery: the service
 * resolved exactly as the base deploys it (its values, secrets, chart),
 * with the fork's settings over the base's, then put into the sandbox
 * namespace under the sandbox's labels and installed by the deployer (the
 * namespace's deployer identity, the same checks). No deployment record:
 * the sandbox row keeps the forks.
 */
export class ForkDeployer {
  constructor(
    private readonly deps: {
      services: ServiceStore;
      deployer: Deployer;
      helm: Pick<HelmRunner, 'template'>;
      charts: ChartSources;
      secrets?: SecretValues;
      readyTimeoutMs: number;
      /** Runs before each fork deploy, e.g. the pull secret of the namespace. */
      prepareNamespace?: (environment: StoredEnvironment) => Promise<unknown>;
    },
  ) {}

  /** The fork's deployment into the sandbox namespace. */
  async resolve(input: {
    project: BerthProject;
    base: StoredEnvironment;
    sandbox: ForkTarget;
    fork: SandboxFork;
  }): Promise<ServiceDeployment> {
    const { project, base, sandbox, fork } = input;
    const info = project.services.find(s => s.name === fork.service);
    if (!info) {
      throw new InputError(
        `Project '${project.name}' has no service named '${fork.service}'`,
      );
    }
    const resolved = await resolveServiceDeployment(this.deps.services, info, {
      project,
      environment: base,
      settings: forkSettings(base.services[fork.service], fork),
      charts: this.deps.charts,
      secrets: this.deps.secrets,
    });
    return {
      ...resolved.deployment,
      namespace: sandbox.namespace,
      labels: {
        ...resolved.deployment.labels,
        [BERTH_LABELS.environment]: sandbox.id,
      },
      selector: environmentServiceSelector(sandbox.id, fork.service),
    };
  }

  /** The names of the Services the fork's chart or manifests create. */
  async serviceNames(deployment: ServiceDeployment): Promise<string[]> {
    const { target } = deployment;
    const objects =
      target.kind === 'helm'
        ? parseManifest(
            await this.deps.helm.template({
              namespace: deployment.namespace,
              release: target.release,
              chart: target.chart,
              values: maskSecretTokensDeep(target.values),
              labels: deployment.labels,
            }),
          )
        : target.objects;
    return objects
      .filter(o => o.kind === 'Service' && o.apiVersion === 'v1')
      .map(o => String(o.metadata?.name ?? ''))
      .filter(Boolean);
  }

  /** Installs (or upgrades) the fork and waits until its workloads are ready. */
  async deploy(
    deployment: ServiceDeployment,
    base: StoredEnvironment,
    options: { interrupted?: boolean; signal?: AbortSignal } = {},
  ): Promise<void> {
    await this.deps.prepareNamespace?.({
      ...base,
      namespace: deployment.namespace,
    });
    if (options.interrupted) await this.deps.deployer.repair?.(deployment);
    await this.deps.deployer.deploy(deployment, { signal: options.signal });
    await this.deps.deployer.waitUntilReady(
      deployment,
      this.deps.readyTimeoutMs,
      options.signal,
    );
  }

  /** Removes a fork (its release or its applied objects). */
  async remove(input: {
    project: BerthProject;
    base: StoredEnvironment;
    sandbox: ForkTarget;
    service: string;
  }): Promise<void> {
    const info = input.project.services.find(s => s.name === input.service);
    const kind = info?.kind === 'manifests' ? 'manifests' : 'helm';
    await this.deps.deployer.remove({
      cluster: input.base.cluster,
      namespace: input.sandbox.namespace,
      service: input.service,
      selector: environmentServiceSelector(input.sandbox.id, input.service),
      labels: { [BERTH_LABELS.environment]: input.sandbox.id },
      kind,
      release: input.service,
    });
  }
}
