import {
  BerthProject,
  CopiedService,
  CopyEnvironmentRequest,
  EnvironmentServiceSettings,
} from '@berth/plugin-berth-common';
import { DeploymentStore } from '../deployments/DeploymentStore';
import {
  EnvironmentPlan,
  EnvironmentService,
} from '../environments/EnvironmentService';
import { StoredEnvironment } from '../environments/EnvironmentStore';
import { ServiceStore } from '../services/ServiceStore';
import { copiedSettings, imagesByName } from './copiedSettings';
import { CopyStore } from './CopyStore';

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
    for (const service of project.services) {
      const settings = source.services[service.name] ?? {};
      const deployed = records.find(
        r => r.service === service.name && r.result === 'succeeded',
      );
      const revision =
        deployed?.revision ?? settings.revision ?? service.latestRevision;
      const deployedImages = deployed
        ? imagesByName(
            (
              await this.deps.services.getRevision(
                project.ref,
                service.name,
                revision,
              )
            ).spec,
            deployed,
          )
        : {};
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
    const [plan] = await this.deps.environmentService.plan(project, [
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
    ]);
    return { source, plan, services: pinned };
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
