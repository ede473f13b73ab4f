import {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import { BERTH_SANDBOX_RESOURCE_TYPE } from '@berth/plugin-berth-common';
import { auditRefusal } from '../../permissions/auditRefusal';
import { permissionDecisions } from '../../permissions/permissionDecisions';
import { NamedSandboxResource } from './sandboxResource';
import { berthSandboxRules, SandboxPermissionResource } from './sandboxRules';

const decisions = permissionDecisions(berthSandboxRules);

/** A permission on sandboxes: `berth.sandbox.*`. */
export type SandboxPermission = ResourcePermission<
  typeof BERTH_SANDBOX_RESOURCE_TYPE
>;

/**
 * Answers whether a caller may act on a sandbox (stored, or about to be
 * created). Conditional decisions are evaluated against the sandbox; every
 * refusal is audited as `permission-denied`.
 */
export class SandboxAuthorizer {
  constructor(
    private readonly permissions: PermissionsService,
    private readonly auditor?: AuditorService,
  ) {}

  /** Throws NotAllowedError (audited) unless the caller may do `permission` on `sandbox`. */
  async authorize(
    credentials: BackstageCredentials,
    permission: SandboxPermission,
    sandbox: NamedSandboxResource,
  ): Promise<void> {
    const [allowed] = await this.allowed(credentials, permission, [sandbox]);
    if (allowed) return;
    await this.refuse(
      credentials,
      permission,
      new NotAllowedError(
        `Not allowed to ${permission.name.replace(
          'berth.sandbox.',
          '',
        )} sandbox '${sandbox.name}' of '${sandbox.projectRef}'`,
      ),
      {
        sandbox: sandbox.id || sandbox.name,
        projectRef: sandbox.projectRef,
      },
    );
  }

  /** For each of `sandboxes`, whether the caller may do `permission` on it (one decision, no audit). */
  async allowed(
    credentials: BackstageCredentials,
    permission: SandboxPermission,
    sandboxes: SandboxPermissionResource[],
  ): Promise<boolean[]> {
    return decisions.allowed(
      this.permissions,
      credentials,
      permission,
      sandboxes,
    );
  }

  /**
   * Which of `sandboxes` the caller may do `permission` on; NotAllowedError
   * (audited) when the policy allows none at all (as the other lists do).
   */
  async filter<T>(
    credentials: BackstageCredentials,
    permission: SandboxPermission,
    sandboxes: Array<{ item: T; resource: SandboxPermissionResource }>,
  ): Promise<T[]> {
    const listable = await decisions.listable(
      this.permissions,
      credentials,
      permission,
    );
    if (listable.result === 'none') {
      return this.refuse(
        credentials,
        permission,
        new NotAllowedError('Not allowed to read sandboxes'),
        {},
      );
    }
    if (listable.result === 'all') return sandboxes.map(s => s.item);
    const allowed = await this.allowed(
      credentials,
      permission,
      sandboxes.map(s => s.resource),
    );
    return sandboxes.filter((_, i) => allowed[i]).map(s => s.item);
  }

  /** Audits a refusal and throws it. */
  async refuse(
    credentials: BackstageCredentials,
    permission: SandboxPermission,
    error: Error,
    meta: Record<string, string | undefined>,
  ): Promise<never> {
    await auditRefusal(
      this.auditor,
      credentials,
      { permission: permission.name, ...meta },
      error,
    );
    throw error;
  }
}
