import { Knex } from 'knex';
import {
  BerthProject,
  CopiedService,
  CopyEnvironmentRequest,
  DeploymentRecord,
  EnvironmentServiceSettings,
} from '@berth/plugin-berth-common';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { DeploymentStore } from '../deployments/DeploymentStore';
import { environmentServiceSelector } from '../deployments/labels';
import {
  EnvironmentPlan,
  EnvironmentService,
} from '../environments/EnvironmentService';
import { StoredEnvironment } from '../model/environment';
import { ServiceStore } from '../services/ServiceStore';
import { copiedSettings, imagesByName } from './copiedSettings';
import { CopyStore } from './CopyStore';
import { liveImages } from './liveImages';

/** A copy, checked and complete, not yet created. */
export interface CopyPlan {
  source: StoredEnvironment;
  plan: EnvironmentPlan;
  services: Record<string, CopiedService>;
}

/**
 * Copies environments: a new environment (namespace, on the same or another
 * cluster) with the source's environment-wide values and per-service
 * settings, and the revisions and images that last deployed successfully in
 * the source pinned, with the request's overrides on top. Created and
 * deployed like any new environment.
 */
export class CopyService {
  constructor(
    private readonly deps: {
      environmentService: EnvironmentService;
      services: ServiceStore;
      deployments: DeploymentStore;
      copies: CopyStore;
      clusters: ClusterRegistry;
    },
  ) {}

  /**
   * Checks a copy and completes it; nothing is written. The same errors as
   * creating an environment (400 bad input, 409 name or namespace taken).
   */
  async plan(
    project: BerthProject,
    source: StoredEnvironment,
    request: CopyEnvironmentRequest,
  ): Promise<CopyPlan> {
    const records = await this.deps.deployments.list(source.id);
    const services: Record<string, EnvironmentServiceSettings> = {};
    const pinned: Record<string, CopiedService> = {};
    // What each service last deployed, looked up for all services at once
    // (a revision read, and for some a list of live workloads).
    const deployedImagesOf = await Promise.all(
      project.services.map(service => {
        const deployed = records.find(
          r => r.service === service.name && r.result === 'succeeded',
        );
        return deployed
          ? this.deployedImages(project, source, deployed)
          : Promise.resolve({});
      }),
    );
    for (const [index, service] of project.services.entries()) {
      const settings = source.services[service.name] ?? {};
      const deployed = records.find(
        r => r.service === service.name && r.result === 'succeeded',
      );
      const revision =
        deployed?.revision ?? settings.revision ?? service.latestRevision;
      const deployedImages = deployedImagesOf[index];
      services[service.name] = copiedSettings({
        source: settings,
        revision,
        deployedImages,
        override: request.services?.[service.name],
      });
      pinned[service.name] = {
        revision: services[service.name].revision!,
        images: services[service.name].images ?? {},
      };
    }
    // Overrides of services the project does not have: refused by plan().
    for (const [name, override] of Object.entries(request.services ?? {})) {
      if (!services[name]) services[name] = override;
    }
    const [plan] = await this.deps.environmentService.plan(
      project,
      [
        {
          name: request.name,
          cluster: request.cluster ?? source.cluster,
          namespace: request.namespace,
          tier: request.tier ?? source.tier,
          values: request.values ?? source.values,
          services,
          adoptNamespace: request.adoptNamespace,
          deploy: request.deploy,
        },
      ],
      { copyOf: source },
    );
    return { source, plan, services: pinned };
  }

  /**
   * The images a service's last successful deploy runs, by image name: from
   * its deployment record, or, when the record cannot name them (an image
   * whose repository comes from the chart's own values.yaml is not in the
   * record), from the live workloads when the service has one image path
   * and runs one image.
   */
  private async deployedImages(
    project: BerthProject,
    source: StoredEnvironment,
    deployed: DeploymentRecord,
  ): Promise<Record<string, string>> {
    const { spec } = await this.deps.services.getRevision(
      project.ref,
      deployed.service,
      deployed.revision,
    );
    const named = imagesByName(spec, deployed);
    if (
      Object.keys(named).length > 0 ||
      spec.kind !== 'helm' ||
      spec.images.length !== 1
    ) {
      return named;
    }
    const running = await liveImages(
      this.deps.clusters.kubeConfig(source.cluster),
      source.namespace,
      environmentServiceSelector(source.id, deployed.service),
    );
    return running.length === 1 ? { [spec.images[0].name]: running[0] } : {};
  }

  /**
   * Stores the planned copy's row and its origin (inside `tx`); its
   * namespace and deploy are the copy operation's.
   */
  async register(
    copy: CopyPlan,
    actor: string,
    tx: Knex.Transaction,
  ): Promise<StoredEnvironment> {
    const environment = await this.deps.environmentService.register(
      copy.plan,
      actor,
      tx,
    );
    await this.deps.copies.record(
      {
        environmentId: environment.id,
        sourceId: copy.source.id,
        sourceName: copy.source.name,
        services: copy.services,
        copiedBy: actor,
      },
      tx,
    );
    return environment;
  }

  /** Creates the planned copy (row and namespace) and records its origin. */
  async create(copy: CopyPlan, actor: string): Promise<StoredEnvironment> {
    const [environment] = await this.deps.environmentService.create(
      [copy.plan],
      actor,
    );
    await this.deps.copies.record({
      environmentId: environment.id,
      sourceId: copy.source.id,
      sourceName: copy.source.name,
      services: copy.services,
      copiedBy: actor,
    });
    return environment;
  }
}
