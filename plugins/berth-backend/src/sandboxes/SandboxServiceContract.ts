import {
  BerthEnvironment,
  BerthSandbox,
  BerthSandboxDetails,
  CreateSandboxRequest,
  ExplainRouteRequest,
  ListSandboxesQuery,
  RouteExplanation,
  SandboxChange,
  SandboxReadiness,
  SandboxTraffic,
  UpdateSandboxRequest,
} from '@berth/plugin-berth-common';
import { OperationActor } from '../model/actor';

/**
 * What the sandbox API (routes, behind the authorization layer) asks of the
 * sandbox service. The service validates input (4xx from @backstage/errors,
 * nothing created on refusal) but checks no permission: the authorization
 * layer (`AuthorizedSandboxes`) does, before calling it.
 */
export interface SandboxServiceContract {
  /** Sandboxes of a base environment. */
  listForBase(baseEnvironmentId: string): Promise<BerthSandbox[]>;
  /** Sandboxes across projects; `createdBy` for `mine`. The caller filters by permission. */
  list(
    query: ListSandboxesQuery & { createdBy?: string },
  ): Promise<BerthSandbox[]>;
  /** NotFoundError when unknown. */
  get(id: string): Promise<BerthSandbox>;
  /** With its forks' live workload status. */
  getDetails(id: string): Promise<BerthSandboxDetails>;
  /**
   * Validates (base ready and awake and not a sandbox, forks of services the
   * base has, name a free DNS label, TTL within the maximum), stores the
   * sandbox as `creating` and queues its create operation.
   */
  create(
    base: BerthEnvironment,
    request: CreateSandboxRequest,
    actor: OperationActor,
  ): Promise<SandboxChange>;
  /** Extends (ttlHours from now) and/or changes forks (an operation). */
  update(
    id: string,
    request: UpdateSandboxRequest,
    actor: OperationActor,
  ): Promise<SandboxChange>;
  /** Marks it `deleting` and queues its delete operation (routes first, then the namespace). */
  delete(id: string, actor: OperationActor): Promise<SandboxChange>;
  readiness(base: BerthEnvironment): Promise<SandboxReadiness>;
  explainRoute(
    base: BerthEnvironment,
    request: ExplainRouteRequest,
  ): Promise<RouteExplanation>;
  /** Reads the base cluster's traffic source now, then the services last reached with the sandbox's key. */
  traffic(id: string): Promise<SandboxTraffic>;
}
