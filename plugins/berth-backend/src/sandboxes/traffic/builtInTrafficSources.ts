import { BerthSandboxTrafficSource } from '@berth/plugin-berth-node';
import { TraefikAccessLogSource } from './traefik/TraefikAccessLogSource';

/** Berth's own sandbox traffic sources, by key (`BUILT_IN_TRAFFIC_SOURCES`). */
export function builtInTrafficSources(): Record<
  string,
  BerthSandboxTrafficSource
> {
  return { 'traefik-access-log': new TraefikAccessLogSource() };
}
