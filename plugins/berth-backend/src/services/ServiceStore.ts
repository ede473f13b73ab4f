import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  BerthService,
  ServiceRevision,
  ServiceSpec,
} from '@berth/plugin-berth-common';
import { Knex } from 'knex';
import { toIsoString } from '../database/timestamps';
import { conflictOnDuplicate } from '../database/uniqueViolation';

interface ServiceRow {
  project_ref: string;
  name: string;
  component_ref: string;
  kind: string;
  latest_revision: number;
  created_at: string | Date;
  updated_at: string | Date;
}

interface RevisionRow {
  project_ref: string;
  service: string;
  revision: number;
  spec: string;
  created_by: string;
  created_at: string | Date;
}

/**
 * Services and their immutable revisions. Every change of a service's spec
 * is a new revision; revisions are never updated or deleted on their own.
 */
export class ServiceStore {
  constructor(private readonly knex: Knex) {}

  async create(input: {
    projectRef: string;
    name: string;
    componentRef: string;
    spec: ServiceSpec;
    actor: string;
  }): Promise<BerthService> {
    const now = new Date();
    await conflictOnDuplicate(
      `Project '${input.projectRef}' already has a service named '${input.name}'`,
      () =>
        this.knex.transaction(async tx => {
          await tx<ServiceRow>('berth_services').insert({
            project_ref: input.projectRef,
            name: input.name,
            component_ref: input.componentRef,
            kind: input.spec.kind,
            latest_revision: 1,
            created_at: now,
            updated_at: now,
          });
          await tx<RevisionRow>('berth_service_revisions').insert({
            project_ref: input.projectRef,
            service: input.name,
            revision: 1,
            spec: JSON.stringify(input.spec),
            created_by: input.actor,
            created_at: now,
          });
        }),
    );
    return {
      name: input.name,
      componentRef: input.componentRef,
      kind: input.spec.kind,
      latestRevision: 1,
    };
  }

  /** Adds a revision with a new spec; the service's kind cannot change. */
  async addRevision(input: {
    projectRef: string;
    name: string;
    spec: ServiceSpec;
    actor: string;
  }): Promise<ServiceRevision> {
    return this.knex.transaction(async tx => {
      const service = await tx<ServiceRow>('berth_services')
        .where({ project_ref: input.projectRef, name: input.name })
        .forUpdate()
        .first();
      if (!service) throw this.notFound(input.projectRef, input.name);
      if (service.kind !== input.spec.kind) {
        throw new ConflictError(
          `Service '${input.name}' is of kind '${service.kind}', not '${input.spec.kind}'`,
        );
      }
      const revision = service.latest_revision + 1;
      const now = new Date();
      await tx<RevisionRow>('berth_service_revisions').insert({
        project_ref: input.projectRef,
        service: input.name,
        revision,
        spec: JSON.stringify(input.spec),
        created_by: input.actor,
        created_at: now,
      });
      await tx<ServiceRow>('berth_services')
        .where({ project_ref: input.projectRef, name: input.name })
        .update({ latest_revision: revision, updated_at: now });
      return {
        service: input.name,
        revision,
        spec: input.spec,
        createdBy: input.actor,
        createdAt: now.toISOString(),
      };
    });
  }

  async list(projectRef: string): Promise<BerthService[]> {
    const rows = await this.knex<ServiceRow>('berth_services')
      .where({ project_ref: projectRef })
      .orderBy('name');
    return rows.map(toService);
  }

  async get(projectRef: string, name: string): Promise<BerthService> {
    const row = await this.knex<ServiceRow>('berth_services')
      .where({ project_ref: projectRef, name })
      .first();
    if (!row) throw this.notFound(projectRef, name);
    return toService(row);
  }

  async getRevision(
    projectRef: string,
    service: string,
    revision: number,
  ): Promise<ServiceRevision> {
    const row = await this.knex<RevisionRow>('berth_service_revisions')
      .where({ project_ref: projectRef, service, revision })
      .first();
    if (!row) {
      await this.get(projectRef, service); // says when the service is unknown
      throw new NotFoundError(
        `Service '${service}' has no revision ${revision}`,
      );
    }
    return {
      service: row.service,
      revision: row.revision,
      spec: JSON.parse(row.spec),
      createdBy: row.created_by,
      createdAt: toIsoString(row.created_at),
    };
  }

  /** A service's revisions, newest first. */
  async listRevisions(
    projectRef: string,
    service: string,
  ): Promise<ServiceRevision[]> {
    await this.get(projectRef, service); // says when the service is unknown
    const rows = await this.knex<RevisionRow>('berth_service_revisions')
      .where({ project_ref: projectRef, service })
      .orderBy('revision', 'desc');
    return rows.map(row => ({
      service: row.service,
      revision: row.revision,
      spec: JSON.parse(row.spec),
      createdBy: row.created_by,
      createdAt: toIsoString(row.created_at),
    }));
  }

  /** Services bound to a Component, across projects. */
  async listByComponent(
    componentRef: string,
  ): Promise<Array<BerthService & { projectRef: string }>> {
    const rows = await this.knex<ServiceRow>('berth_services')
      .where({ component_ref: componentRef })
      .orderBy(['project_ref', 'name']);
    return rows.map(row => ({
      ...toService(row),
      projectRef: row.project_ref,
    }));
  }

  private notFound(projectRef: string, name: string) {
    return new NotFoundError(
      `Project '${projectRef}' has no service named '${name}'`,
    );
  }
}

function toService(row: ServiceRow): BerthService {
  return {
    name: row.name,
    componentRef: row.component_ref,
    kind: row.kind as BerthService['kind'],
    latestRevision: row.latest_revision,
  };
}
