import { BerthSandbox } from '@berth/plugin-berth-common';
import { StoredEnvironment } from '../../model/environment';
import { SandboxPermissionResource } from './sandboxRules';

/** Where the base environments of sandboxes are read (the environment store). */
export interface SandboxBases {
  getById(id: string): Promise<StoredEnvironment>;
}

/** A sandbox as the permission rules and refusal messages see it. */
export type NamedSandboxResource = SandboxPermissionResource & {
  name: string;
};

/** A sandbox of `base` as the permission rules see it (its owner and tier are the base's). */
export function sandboxResourceOf(
  sandbox: Pick<BerthSandbox, 'id' | 'name' | 'createdBy'>,
  base: StoredEnvironment,
): NamedSandboxResource {
  return {
    id: sandbox.id,
    name: sandbox.name,
    projectRef: base.projectRef,
    ownerRef: base.ownerRef,
    createdBy: sandbox.createdBy,
    baseTier: base.tier,
    cluster: base.cluster,
  };
}

/**
 * Stored sandboxes as the permission rules see them, each base read once
 * (a base cannot be deleted while it has sandboxes).
 */
export async function sandboxResources(
  bases: SandboxBases,
  sandboxes: BerthSandbox[],
): Promise<NamedSandboxResource[]> {
  const loaded = new Map<string, Promise<StoredEnvironment>>();
  const baseOf = (id: string) => {
    if (!loaded.has(id)) loaded.set(id, bases.getById(id));
    return loaded.get(id)!;
  };
  return Promise.all(
    sandboxes.map(async sandbox =>
      sandboxResourceOf(sandbox, await baseOf(sandbox.baseEnvironmentId)),
    ),
  );
}

/**
 * The resources the permission framework loads by id (`getResources` of the
 * `berth-sandbox` resource type the plugin registers); undefined for an
 * unknown sandbox, or when no sandbox service is wired.
 */
export function sandboxResourceLoader(deps: {
  sandboxes?: { get(id: string): Promise<BerthSandbox> };
  bases: SandboxBases;
}) {
  const load = async (id: string) => {
    if (!deps.sandboxes) return undefined;
    const [resource] = await sandboxResources(deps.bases, [
      await deps.sandboxes.get(id),
    ]);
    return resource;
  };
  return (ids: string[]) =>
    Promise.all(ids.map(id => load(id).catch(() => undefined)));
}
