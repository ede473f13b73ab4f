import { BerthProject } from '@berth/plugin-berth-common';

/**
 * The groups a project's services start in: its start order, then the
 * services outside any group as one last group; only the `wanted` services
 * (default all), without empty groups.
 */
export function startOrderGroups(
  project: Pick<BerthProject, 'services' | 'startOrder'>,
  wanted?: Iterable<string>,
): string[][] {
  const names = project.services.map(s => s.name);
  const keep = new Set(wanted ?? names);
  const grouped = new Set(project.startOrder.flat());
  return [...project.startOrder, names.filter(name => !grouped.has(name))]
    .map(group => group.filter(name => keep.has(name)))
    .filter(group => group.length > 0);
}
