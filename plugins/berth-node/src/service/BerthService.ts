import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  BerthCluster,
  BerthEnvironment,
  BerthProject,
  BerthService as BerthProjectService,
} from '@berth/plugin-berth-common';

/**
 * An environment as `GET /environments` lists it: with the owner of its
 * project.
 *
 * @public
 */
export type BerthEnvironmentSummary = BerthEnvironment & { ownerRef?: string };

/**
 * Options of every {@link BerthService} call: whose credentials to call
 * Berth with (default: the calling plugin's own service credentials).
 *
 * @public
 */
export interface BerthServiceRequestOptions {
  credentials?: BackstageCredentials;
}

/**
 * Reads Berth from other backend plugins and modules: projects,
 * environments, their services and the clusters. Every call is authorized
 * by Berth as the given credentials (default: the caller's own service).
 *
 * @public
 */
export interface BerthService {
  /** Every Berth project (catalog System) the caller may read. */
  listProjects(options?: BerthServiceRequestOptions): Promise<BerthProject[]>;
  /** One project by its System entity ref, e.g. `system:default/shop`. */
  getProject(
    projectRef: string,
    options?: BerthServiceRequestOptions,
  ): Promise<BerthProject>;
  /** The services of a project. */
  listServices(
    projectRef: string,
    options?: BerthServiceRequestOptions,
  ): Promise<BerthProjectService[]>;
  /** Environments: of one project, or of every project when none is given. */
  listEnvironments(
    filter?: { projectRef?: string },
    options?: BerthServiceRequestOptions,
  ): Promise<BerthEnvironmentSummary[]>;
  /** The clusters Berth deploys to. */
  listClusters(options?: BerthServiceRequestOptions): Promise<BerthCluster[]>;
}
