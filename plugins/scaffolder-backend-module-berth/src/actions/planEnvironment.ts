import { ConflictError, InputError } from '@backstage/errors';
import {
  BerthApi,
  EnvironmentServiceSettings,
  ProjectRef,
} from '@berth/plugin-berth-common';

/**
 * What creating an environment would do, checked through Berth's read
 * endpoints without creating anything (a dry run): the project exists and
 * the initiator may read it, the cluster is known, the name and namespace
 * are free among the environments they may read, and every service named
 * in the settings is a service of the project. Answers the namespace and
 * the services with the revision each would pin.
 */
export async function planEnvironment(
  client: Pick<BerthApi, 'getProject' | 'listClusters' | 'listEnvironments'>,
  project: ProjectRef,
  request: {
    name: string;
    cluster: string;
    namespace?: string;
    services?: Record<string, EnvironmentServiceSettings>;
  },
): Promise<{ namespace: string; services: string[] }> {
  const [berthProject, clusters, environments] = await Promise.all([
    client.getProject(project),
    client.listClusters(),
    client.listEnvironments(project),
  ]);
  if (!clusters.some(c => c.name === request.cluster)) {
    throw new InputError(
      `Unknown cluster '${request.cluster}'; Berth knows ${clusters
        .map(c => `'${c.name}'`)
        .join(', ')}`,
    );
  }
  const namespace = request.namespace ?? `${project.name}-${request.name}`;
  const taken = environments.find(
    e =>
      e.name === request.name ||
      (e.cluster === request.cluster && e.namespace === namespace),
  );
  if (taken) {
    throw new ConflictError(
      taken.name === request.name
        ? `Project '${berthProject.ref}' already has an environment named '${request.name}'`
        : `Namespace '${namespace}' on cluster '${request.cluster}' is already used by environment '${taken.name}'`,
    );
  }
  const known = new Map(berthProject.services.map(s => [s.name, s]));
  for (const service of Object.keys(request.services ?? {})) {
    if (!known.has(service)) {
      throw new InputError(
        `Project '${berthProject.ref}' has no service '${service}'`,
      );
    }
  }
  return {
    namespace,
    services: berthProject.services.map(s => {
      const pinned = request.services?.[s.name]?.revision ?? s.latestRevision;
      return pinned ? `${s.name}@${pinned}` : s.name;
    }),
  };
}
