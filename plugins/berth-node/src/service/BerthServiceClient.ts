import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  BerthCluster,
  BerthProject,
  BerthService as BerthProjectService,
} from '@berth/plugin-berth-common';
import {
  BerthEnvironmentSummary,
  BerthService,
  BerthServiceRequestOptions,
} from './BerthService';

function projectPath(projectRef: string) {
  const ref = parseEntityRef(projectRef, { defaultKind: 'system' });
  return `/projects/${encodeURIComponent(ref.namespace)}/${encodeURIComponent(
    ref.name,
  )}`;
}

/**
 * The {@link BerthService} over Berth's REST API, found through discovery,
 * called with a plugin request token for `berth`.
 *
 * @public
 */
export class BerthServiceClient implements BerthService {
  constructor(
    private readonly deps: { discovery: DiscoveryService; auth: AuthService },
  ) {}

  async listProjects(options?: BerthServiceRequestOptions) {
    return this.items<BerthProject>('/projects', options);
  }

  async getProject(projectRef: string, options?: BerthServiceRequestOptions) {
    return this.get<BerthProject>(projectPath(projectRef), options);
  }

  async listServices(
    projectRef: string,
    options?: BerthServiceRequestOptions,
  ): Promise<BerthProjectService[]> {
    return (await this.getProject(projectRef, options)).services;
  }

  async listEnvironments(
    filter?: { projectRef?: string },
    options?: BerthServiceRequestOptions,
  ) {
    const path = filter?.projectRef
      ? `${projectPath(filter.projectRef)}/environments`
      : '/environments';
    return this.items<BerthEnvironmentSummary>(path, options);
  }

  async listClusters(options?: BerthServiceRequestOptions) {
    return this.items<BerthCluster>('/clusters', options);
  }

  private async items<T>(
    path: string,
    options?: BerthServiceRequestOptions,
  ): Promise<T[]> {
    return (await this.get<{ items: T[] }>(path, options)).items;
  }

  private async get<T>(
    path: string,
    options?: BerthServiceRequestOptions,
  ): Promise<T> {
    const { discovery, auth } = this.deps;
    const baseUrl = await discovery.getBaseUrl('berth');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf:
        options?.credentials ?? (await auth.getOwnServiceCredentials()),
      targetPluginId: 'berth',
    });
    const response = await fetch(`${baseUrl}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}
