import {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  BERTH_PROJECT_RESOURCE_TYPE,
  berthProjectReadPermission,
} from '@berth/plugin-berth-common';
import { auditRefusal } from './auditRefusal';
import { permissionDecisions } from './permissionDecisions';
import { berthProjectRules, ProjectPermissionResource } from './projectRules';

const decisions = permissionDecisions(berthProjectRules);

/** A project permission: `berth.project.read` or `berth.project.update`. */
export type ProjectPermission = ResourcePermission<
  typeof BERTH_PROJECT_RESOURCE_TYPE
>;

/**
 * Answers whether a caller may act on a project: every project route goes
 * through here (through `AuthorizedProjects`), never its own check. The project
 * is loaded first (404 when it is not one), conditional decisions are
 * evaluated against it, and every refusal is audited as `permission-denied`.
 */
export class ProjectAuthorizer {
  constructor(
    private readonly permissions: PermissionsService,
    /** Loads a project by its System's entity ref; NotFoundError when unknown. */
    private readonly load: (ref: string) => Promise<ProjectPermissionResource>,
    private readonly auditor?: AuditorService,
  ) {}

  /**
   * Loads the project and throws NotAllowedError unless the caller may do
   * `permission` on it; returns the project.
   */
  async authorize(
    credentials: BackstageCredentials,
    permission: ProjectPermission,
    ref: string,
  ): Promise<ProjectPermissionResource> {
    const project = await this.load(ref);
    const [allowed] = await decisions.allowed(
      this.permissions,
      credentials,
      permission,
      [project],
    );
    if (!allowed) {
      const error = new NotAllowedError(
        `Not allowed to ${permission.name.replace(
          'berth.project.',
          '',
        )} project '${project.ref}'`,
      );
      await auditRefusal(
        this.auditor,
        credentials,
        { permission: permission.name, projectRef: project.ref },
        error,
      );
      throw error;
    }
    return project;
  }

  /** The projects of `projects` the caller may read, in their order. */
  async readable<T extends ProjectPermissionResource>(
    credentials: BackstageCredentials,
    projects: T[],
  ): Promise<T[]> {
    const allowed = await decisions.allowed(
      this.permissions,
      credentials,
      berthProjectReadPermission,
      projects,
    );
    return projects.filter((_, i) => allowed[i]);
  }
}
