import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { BerthProject } from '@berth/plugin-berth-common';
import { ProjectAuthorizer, ProjectPermission } from './ProjectAuthorizer';

/** What the layer reads projects from (the project service). */
export interface ProjectSource {
  listProjects(): Promise<BerthProject[]>;
  getProject(ref: string): Promise<BerthProject>;
}

/**
 * The authorization layer in front of the project services (projects,
 * services and revisions, start order, values, Helm import): a project's ref
 * is handed out only to a caller allowed the permission on it. The project
 * is loaded first (NotFoundError, 404, when the System is not a project),
 * then the policy decides (NotAllowedError, 403, audited as
 * `permission-denied` by the {@link ProjectAuthorizer}).
 */
export class AuthorizedProjects {
  constructor(
    private readonly deps: {
      authorizer: ProjectAuthorizer;
      projects: ProjectSource;
    },
  ) {}

  /** The projects the caller may read, in the service's order. */
  async list(credentials: BackstageCredentials): Promise<BerthProject[]> {
    const all = await this.deps.projects.listProjects();
    return this.deps.authorizer.readable(credentials, all);
  }

  /** The ref of project `ref` when the caller may do `permission` on it. */
  async get(
    credentials: BackstageCredentials,
    ref: string,
    permission: ProjectPermission,
  ): Promise<string> {
    return (await this.deps.authorizer.authorize(credentials, permission, ref))
      .ref;
  }

  /** The whole project `ref` when the caller may do `permission` on it. */
  async read(
    credentials: BackstageCredentials,
    ref: string,
    permission: ProjectPermission,
  ): Promise<BerthProject> {
    return this.deps.projects.getProject(
      await this.get(credentials, ref, permission),
    );
  }
}
