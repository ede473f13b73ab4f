import {
  BerthProject,
  EnvironmentServiceSettings,
} from '@berth/plugin-berth-common';

/**
 * Every service of the project with its revision pinned: the settings'
 * revision when they name one, otherwise the service's latest revision now.
 * A deploy uses the pin; moving to a newer revision is an explicit update.
 */
export function pinRevisions(
  project: Pick<BerthProject, 'services'>,
  settings: Record<string, EnvironmentServiceSettings>,
): Record<string, EnvironmentServiceSettings> {
  const pinned = { ...settings };
  for (const service of project.services) {
    pinned[service.name] = {
      ...settings[service.name],
      revision: settings[service.name]?.revision ?? service.latestRevision,
    };
  }
  return pinned;
}

/** The services of the project that have no pinned revision yet. */
export function unpinnedServices(
  project: Pick<BerthProject, 'services'>,
  settings: Record<string, EnvironmentServiceSettings>,
): string[] {
  return project.services
    .filter(s => settings[s.name]?.revision === undefined)
    .map(s => s.name);
}

/**
 * Per service, the newest revision when it is newer than the pinned one
 * ("revision N available"). A service without a pin is not listed.
 */
export function availableRevisions(
  project: Pick<BerthProject, 'services'>,
  settings: Record<string, EnvironmentServiceSettings>,
): Record<string, { pinned: number; available: number }> {
  const available: Record<string, { pinned: number; available: number }> = {};
  for (const service of project.services) {
    const pinned = settings[service.name]?.revision;
    if (pinned !== undefined && service.latestRevision > pinned) {
      available[service.name] = {
        pinned,
        available: service.latestRevision,
      };
    }
  }
  return available;
}
