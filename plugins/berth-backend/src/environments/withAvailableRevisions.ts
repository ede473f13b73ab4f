import { BerthEnvironment, BerthService } from '@berth/plugin-berth-common';
import { ServiceStore } from '../services/ServiceStore';
import { availableRevisions } from './pinRevisions';

/**
 * The environments with, per service, the newer revision their project has
 * than the one pinned ("revision N available"). Reads each project's
 * services once.
 */
export async function withAvailableRevisions<T extends BerthEnvironment>(
  services: Pick<ServiceStore, 'list'>,
  environments: T[],
): Promise<T[]> {
  const byProject = new Map<string, Promise<BerthService[]>>();
  const servicesOf = (ref: string) => {
    if (!byProject.has(ref)) byProject.set(ref, services.list(ref));
    return byProject.get(ref)!;
  };
  return Promise.all(
    environments.map(async environment => ({
      ...environment,
      availableRevisions: availableRevisions(
        { services: await servicesOf(environment.projectRef) },
        environment.services,
      ),
    })),
  );
}
