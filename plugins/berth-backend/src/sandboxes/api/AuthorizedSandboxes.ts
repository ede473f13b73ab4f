import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  BerthSandbox,
  BerthSandboxDetails,
  berthEnvironmentReadPermission,
  berthSandboxCreatePermission,
  berthSandboxDeletePermission,
  berthSandboxReadPermission,
  berthSandboxUpdatePermission,
  CreateSandboxRequest,
  ExplainRouteRequest,
  ListSandboxesQuery,
  RouteExplanation,
  SandboxChange,
  SandboxTraffic,
  SandboxReadiness,
  UpdateSandboxRequest,
} from '@berth/plugin-berth-common';
import { OperationActor } from '../../model/actor';
import { StoredEnvironment } from '../../model/environment';
import { AuthorizedEnvironments } from '../../permissions/AuthorizedEnvironments';
import { SandboxServiceContract } from '../SandboxServiceContract';
import { SandboxAuthorizer, SandboxPermission } from './SandboxAuthorizer';
import {
  SandboxBases,
  sandboxResourceOf,
  sandboxResources,
} from './sandboxResource';

/** What the layer stands in front of, and what it checks with. */
export interface AuthorizedSandboxesDeps {
  service: SandboxServiceContract;
  authorizer: SandboxAuthorizer;
  /** The base environments, behind their own permissions (`berth.environment.read`). */
  authorizedEnvironments: Pick<AuthorizedEnvironments, 'get'>;
  /** The base environments as stored: a sandbox's owner and tier are its base's. */
  bases: SandboxBases;
}

/**
 * The authorization layer in front of the SandboxService: a sandbox is
 * handed out or changed only for a caller allowed the `berth.sandbox.*`
 * permission on it, and a base environment only for a caller who may read
 * it. Unknown ids are a NotFoundError (404) before any permission check;
 * refusals are NotAllowedErrors (403), audited; lists are filtered. A call
 * the layer refuses never reaches the service.
 */
export class AuthorizedSandboxes {
  constructor(private readonly deps: AuthorizedSandboxesDeps) {}

  /** The sandboxes of a base the caller may read, of the ones the caller may read. */
  async listForBase(
    credentials: BackstageCredentials,
    baseId: string,
  ): Promise<BerthSandbox[]> {
    const base = await this.readableBase(credentials, baseId);
    const sandboxes = await this.deps.service.listForBase(base.id);
    return this.readable(credentials, sandboxes);
  }

  /** Sandboxes the caller may read across projects; `mine`: only the caller's own. */
  async list(
    credentials: BackstageCredentials,
    query: ListSandboxesQuery,
    actor: OperationActor,
  ): Promise<BerthSandbox[]> {
    const sandboxes = await this.deps.service.list({
      ...query,
      ...(query.mine ? { createdBy: actor.ref } : {}),
    });
    return this.readable(credentials, sandboxes);
  }

  /** Sandbox `id` with its forks' live status, when the caller may read it. */
  async get(
    credentials: BackstageCredentials,
    id: string,
  ): Promise<BerthSandboxDetails> {
    await this.authorized(credentials, id, berthSandboxReadPermission);
    return this.deps.service.getDetails(id);
  }

  /** Needs `berth.sandbox.read`: which services its key last reached. */
  async traffic(
    credentials: BackstageCredentials,
    id: string,
  ): Promise<SandboxTraffic> {
    await this.authorized(credentials, id, berthSandboxReadPermission);
    return this.deps.service.traffic(id);
  }

  /**
   * Needs `berth.environment.read` on the base (404 when unknown, 400 when
   * the id is a sandbox's) and `berth.sandbox.create` on the sandbox-to-be:
   * created by the caller, with the base's project, owner and tier.
   */
  async create(
    credentials: BackstageCredentials,
    baseId: string,
    request: CreateSandboxRequest,
    actor: OperationActor,
  ): Promise<SandboxChange> {
    const base = await this.baseOfNew(credentials, baseId);
    await this.deps.authorizer.authorize(
      credentials,
      berthSandboxCreatePermission,
      sandboxResourceOf(
        { id: '', name: request.name, createdBy: actor.ref },
        base,
      ),
    );
    return this.deps.service.create(base, request, actor);
  }

  async update(
    credentials: BackstageCredentials,
    id: string,
    request: UpdateSandboxRequest,
    actor: OperationActor,
  ): Promise<SandboxChange> {
    await this.authorized(credentials, id, berthSandboxUpdatePermission);
    return this.deps.service.update(id, request, actor);
  }

  async delete(
    credentials: BackstageCredentials,
    id: string,
    actor: OperationActor,
  ): Promise<SandboxChange> {
    await this.authorized(credentials, id, berthSandboxDeletePermission);
    return this.deps.service.delete(id, actor);
  }

  /** Whether a base the caller may read can take sandboxes. */
  async readiness(
    credentials: BackstageCredentials,
    baseId: string,
  ): Promise<SandboxReadiness> {
    const base = await this.readableBase(credentials, baseId);
    return this.deps.service.readiness(base);
  }

  /** Which backend a request to a service of a base the caller may read reaches. */
  async explainRoute(
    credentials: BackstageCredentials,
    baseId: string,
    request: ExplainRouteRequest,
  ): Promise<RouteExplanation> {
    const base = await this.readableBase(credentials, baseId);
    return this.deps.service.explainRoute(base, request);
  }

  /** Sandbox `id` when the caller may do `permission` on it (404 first when unknown). */
  private async authorized(
    credentials: BackstageCredentials,
    id: string,
    permission: SandboxPermission,
  ): Promise<BerthSandbox> {
    const sandbox = await this.deps.service.get(id);
    const [resource] = await sandboxResources(this.deps.bases, [sandbox]);
    await this.deps.authorizer.authorize(credentials, permission, resource);
    return sandbox;
  }

  private async readable(
    credentials: BackstageCredentials,
    sandboxes: BerthSandbox[],
  ): Promise<BerthSandbox[]> {
    const resources = await sandboxResources(this.deps.bases, sandboxes);
    return this.deps.authorizer.filter(
      credentials,
      berthSandboxReadPermission,
      sandboxes.map((item, i) => ({ item, resource: resources[i] })),
    );
  }

  private readableBase(
    credentials: BackstageCredentials,
    baseId: string,
  ): Promise<StoredEnvironment> {
    return this.deps.authorizedEnvironments.get(
      credentials,
      baseId,
      berthEnvironmentReadPermission,
    );
  }

  /**
   * The base of a sandbox to be created. Sandboxes are not environments, so
   * an unknown environment id that is a sandbox's is a sandbox of a sandbox:
   * a 400, not a 404.
   */
  private async baseOfNew(
    credentials: BackstageCredentials,
    baseId: string,
  ): Promise<StoredEnvironment> {
    try {
      return await this.readableBase(credentials, baseId);
    } catch (error) {
      if ((error as Error).name !== NotFoundError.name) throw error;
      const sandbox = await this.deps.service
        .get(baseId)
        .catch(() => undefined);
      if (!sandbox) throw error;
      throw new InputError(
        `'${baseId}' is a sandbox, not an environment: a sandbox cannot be the base of another sandbox`,
      );
    }
  }
}
