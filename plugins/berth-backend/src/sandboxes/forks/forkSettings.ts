import {
  EnvironmentServiceSettings,
  SandboxFork,
} from '@berth/plugin-berth-common';

/**
 * A fork's settings: the base's for the service, overlaid with the fork's
 * (revision and values replace the base's; images, `--set` values and
 * variables are merged key by key, the fork's winning).
 */
export function forkSettings(
  base: EnvironmentServiceSettings | undefined,
  fork: SandboxFork,
): EnvironmentServiceSettings {
  const { service: _service, ...own } = fork;
  const merged = (
    a?: Record<string, any>,
    b?: Record<string, any>,
  ): Record<string, any> | undefined => (a || b ? { ...a, ...b } : undefined);
  const settings: EnvironmentServiceSettings = {
    ...base,
    ...(own.revision !== undefined && { revision: own.revision }),
    ...(own.values !== undefined && { values: own.values }),
  };
  const images = merged(base?.images, own.images);
  const set = merged(base?.set, own.set);
  const variables = merged(base?.variables, own.variables);
  if (images) settings.images = images;
  if (set) settings.set = set;
  if (variables) settings.variables = variables;
  return settings;
}
