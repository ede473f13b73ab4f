import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/**
 * Which environments may use a registry (`berth.registries[].clusters` and
 * `.projects`): those on one of the clusters and of one of the projects;
 * a list left out does not restrict.
 */
export interface RegistryScope {
  clusters?: string[];
  /** Project refs, e.g. `system:default/shop`. */
  projects?: string[];
}

/** Reads a registry's scope; projects may be written `shop` or `system:default/shop`. */
export function readRegistryScope(entry: Config, name: string): RegistryScope {
  const clusters = entry.getOptionalStringArray('clusters');
  const projects = entry.getOptionalStringArray('projects')?.map(project => {
    try {
      return stringifyEntityRef(
        parseEntityRef(project, {
          defaultKind: 'system',
          defaultNamespace: 'default',
        }),
      ).toLocaleLowerCase('en-US');
    } catch {
      throw new InputError(
        `berth.registries '${name}': '${project}' in projects is not a System reference`,
      );
    }
  });
  return { ...(clusters && { clusters }), ...(projects && { projects }) };
}

/** Whether an environment on `cluster` of project `projectRef` may use a registry of this scope. */
export function scopeAllows(
  scope: RegistryScope,
  environment: { cluster: string; projectRef: string },
): boolean {
  return (
    (!scope.clusters || scope.clusters.includes(environment.cluster)) &&
    (!scope.projects ||
      scope.projects.includes(
        environment.projectRef.toLocaleLowerCase('en-US'),
      ))
  );
}

/** The scope in words, for messages: `clusters a, b; projects system:default/shop`. */
export function describeScope(scope: RegistryScope): string {
  const parts = [];
  if (scope.clusters) parts.push(`clusters ${scope.clusters.join(', ')}`);
  if (scope.projects) parts.push(`projects ${scope.projects.join(', ')}`);
  return parts.join('; ') || 'every environment';
}
