import { NEW_IN_PROJECT_RESOURCE_PREFIX } from '@berth/plugin-berth-common';
import { EnvironmentPermissionResource } from './environmentRules';

/**
 * The resources the permission framework loads by ref for the
 * `berth-environment` type (`getResources`): an environment id, or
 * `new-in:<project ref>` for a new environment of that project
 * (development tier, no cluster, the project's owner), so a policy's
 * conditions decide a project-level "may create here" check; undefined for
 * an unknown environment or project.
 */
export function environmentResourceLoader(deps: {
  environments: { getById(id: string): Promise<EnvironmentPermissionResource> };
  projects: { get(ref: string): Promise<{ ref: string; ownerRef?: string }> };
}) {
  const load = async (
    ref: string,
  ): Promise<EnvironmentPermissionResource | undefined> => {
    if (!ref.startsWith(NEW_IN_PROJECT_RESOURCE_PREFIX)) {
      return deps.environments.getById(ref).catch(() => undefined);
    }
    const projectRef = ref.slice(NEW_IN_PROJECT_RESOURCE_PREFIX.length);
    const project = await deps.projects.get(projectRef).catch(() => undefined);
    if (!project) return undefined;
    return {
      id: '',
      projectRef: project.ref,
      cluster: '',
      tier: 'development',
      ...(project.ownerRef && { ownerRef: project.ownerRef }),
    };
  };
  return (refs: string[]) => Promise.all(refs.map(load));
}
