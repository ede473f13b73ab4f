import { PermissionsRegistryService } from '@backstage/backend-plugin-api';
import { berthSandboxPermissions } from '@berth/plugin-berth-common';
import { SandboxServiceContract } from '../SandboxServiceContract';
import { SandboxBases, sandboxResourceLoader } from './sandboxResource';
import { berthSandboxRules, sandboxResourceRef } from './sandboxRules';

/**
 * Registers the `berth-sandbox` resource type with the permission
 * framework: its permissions, its rules (for policies' conditional
 * decisions) and how a sandbox is loaded by id (none until the sandbox
 * service is given).
 */
export function registerSandboxResourceType(
  registry: PermissionsRegistryService,
  deps: {
    sandboxes?: Pick<SandboxServiceContract, 'get'>;
    bases: SandboxBases;
  },
): void {
  registry.addResourceType({
    resourceRef: sandboxResourceRef,
    permissions: berthSandboxPermissions,
    rules: Object.values(berthSandboxRules),
    getResources: sandboxResourceLoader(deps),
  });
}
