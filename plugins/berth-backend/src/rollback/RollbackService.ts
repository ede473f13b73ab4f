import { assertAwake } from '../model/assertAwake';
import { ConflictError, InputError } from '@backstage/errors';
import {
  BerthProject,
  DeploymentRecord,
  RollbackResult,
} from '@berth/plugin-berth-common';
import { DeployOrchestrator } from '../deployments/DeployOrchestrator';
import { DeploymentStore } from '../deployments/DeploymentStore';
import {
  EnvironmentStore,
  StoredEnvironment,
} from '../database/EnvironmentStore';
import { ImageChecker } from '../registries/ImageChecker';
import { ServiceStore } from '../services/ServiceStore';
import { parseValuesYaml } from '../values';

/** A rollback checked and recorded in the environment, ready to deploy. */
export interface PreparedRollback {
  result: RollbackResult;
  /** Deploys the service as the record deployed it; never throws. */
  deploy(): Promise<{ record: DeploymentRecord; error?: string }>;
}

/**
 * Rolls a service of an environment back to one of its deployment records:
 * the record must be of this environment and service and have a snapshot,
 * and every image it deployed must still be in its registry; only then are
 * the record's settings restored into the environment and the service
 * deployed with the record's merged values, as a new record marked as a
 * rollback of the old one.
 */
export class RollbackService {
  constructor(
    private readonly deps: {
      environments: EnvironmentStore;
      services: ServiceStore;
      deployments: DeploymentStore;
      orchestrator: DeployOrchestrator;
      images: ImageChecker;
    },
  ) {}

  /** Checks a rollback without changing anything: the record, and its images in their registries. */
  async check(
    project: BerthProject,
    environment: StoredEnvironment,
    service: string,
    deploymentId: string,
  ) {
    if (!project.services.some(s => s.name === service)) {
      throw new InputError(
        `Project '${project.name}' has no service named '${service}'`,
      );
    }
    const record = await this.deps.deployments.get(deploymentId);
    if (record.environmentId !== environment.id || record.service !== service) {
      const where =
        record.environmentId === environment.id
          ? `environment '${environment.name}'`
          : 'another environment';
      throw new InputError(
        `Deployment record '${deploymentId}' is of service '${record.service}' in ${where}, not of service '${service}' in environment '${environment.name}'; a service rolls back to its own records only`,
      );
    }
    if (record.result !== 'succeeded') {
      throw new InputError(
        `Deployment record '${deploymentId}' of service '${service}' did not succeed (${record.result}); roll back to a deploy that did`,
      );
    }
    const snapshot = await this.deps.deployments.getSnapshot(deploymentId);
    if (!snapshot.settings || snapshot.values === undefined) {
      throw new InputError(
        `Deployment record '${deploymentId}' predates deployment snapshots; Berth does not know what it deployed well enough to roll back to it`,
      );
    }
    const images = await this.deps.images.checkAll(record.images);
    return { record, snapshot, images };
  }

  /**
   * Checks the rollback, refusing it (ConflictError naming each image) when
   * an image is gone, then restores the record's settings into the
   * environment. The caller runs `deploy()`, e.g. in the background.
   */
  async prepare(
    project: BerthProject,
    environment: StoredEnvironment,
    service: string,
    deploymentId: string,
    actor: string,
  ): Promise<PreparedRollback> {
    assertAwake(environment);
    const { record, snapshot, images } = await this.check(
      project,
      environment,
      service,
      deploymentId,
    );
    // An image whose registry could not say is no reason to refuse: a
    // rollback is often what an outage needs.
    const missing = images.filter(image => !image.exists && !image.unverified);
    if (missing.length > 0) {
      throw new ConflictError(
        `Cannot roll back service '${service}' of environment '${
          environment.name
        }' to deployment record '${deploymentId}': ${
          missing.length === 1 ? 'an image is' : `${missing.length} images are`
        } no longer available: ${missing
          .map(image => `${image.image} (${image.message})`)
          .join('; ')}`,
      );
    }
    const settings = snapshot.settings!;
    // The revision must still exist (revisions are immutable; a deleted
    // service takes them along).
    await this.deps.services.getRevision(
      project.ref,
      service,
      settings.revision ?? record.revision,
    );
    const kind = project.services.find(s => s.name === service)!.kind;
    const values =
      kind === 'helm'
        ? parseValuesYaml(snapshot.values!, {
            source: `values of deployment record '${deploymentId}'`,
          })
        : undefined;
    const updated = await this.deps.environments.update(environment.id, {
      services: { ...environment.services, [service]: settings },
    });
    return {
      result: {
        environmentId: environment.id,
        service,
        rollbackOf: record.id,
        revision: settings.revision ?? record.revision,
        images,
      },
      deploy: () =>
        this.deps.orchestrator.deployService({
          project,
          environment: updated,
          service,
          actor,
          rollback: { of: record.id, values },
        }),
    };
  }

  /**
   * Deploys a prepared rollback (the record's settings are in the
   * environment): the service with the record's merged values, as a new
   * record marked as its rollback. Never throws for a failed deploy.
   */
  async deployRollback(
    input: Omit<
      Parameters<DeployOrchestrator['deployService']>[0],
      'rollback'
    > & { deploymentId: string },
  ) {
    const { project, service, deploymentId } = input;
    const snapshot = await this.deps.deployments.getSnapshot(deploymentId);
    const kind = project.services.find(s => s.name === service)?.kind;
    const values =
      kind === 'helm' && snapshot.values !== undefined
        ? parseValuesYaml(snapshot.values, {
            source: `values of deployment record '${deploymentId}'`,
          })
        : undefined;
    return this.deps.orchestrator.deployService({
      ...input,
      rollback: { of: deploymentId, values },
    });
  }
}
