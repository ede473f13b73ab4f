import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** `berth.sandboxes`, with defaults, and the routing driver per cluster. */
export interface SandboxesConfig {
  /** Hours a sandbox lives when its creator gives none (8). */
  defaultTtlHours: number;
  /** The most hours a sandbox may be given (72). */
  maxTtlHours: number;
  /** How often the reconcile task runs (60 s). */
  reconcileIntervalSeconds: number;
  /** How often the expiry task runs (60 s). */
  expiryIntervalSeconds: number;
  /** `berth.clusters.<name>.sandboxRouting`, default `gateway-api`. */
  routingDriverFor(cluster: string): string;
  /** `berth.clusters.<name>.sandboxTraffic`: the traffic source's key and settings; none by default. */
  trafficSourceFor(
    cluster: string,
  ): { source: string; settings: Record<string, unknown> } | undefined;
}

/** The driver of clusters that configure none. */
export const DEFAULT_ROUTING_DRIVER = 'gateway-api';

function positive(config: Config, key: string, fallback: number): number {
  const value = config.getOptionalNumber(`berth.sandboxes.${key}`) ?? fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new InputError(
      `berth.sandboxes.${key} must be a positive number, not ${value}`,
    );
  }
  return value;
}

/** Reads {@link SandboxesConfig}; InputError for values out of range. */
export function readSandboxesConfig(config: Config): SandboxesConfig {
  const defaultTtlHours = positive(config, 'defaultTtlHours', 8);
  const maxTtlHours = positive(config, 'maxTtlHours', 72);
  if (defaultTtlHours > maxTtlHours) {
    throw new InputError(
      `berth.sandboxes.defaultTtlHours (${defaultTtlHours}) is above maxTtlHours (${maxTtlHours})`,
    );
  }
  const clusters = config.getOptionalConfig('berth.clusters');
  return {
    defaultTtlHours,
    maxTtlHours,
    reconcileIntervalSeconds: positive(config, 'reconcileIntervalSeconds', 60),
    expiryIntervalSeconds: positive(config, 'expiryIntervalSeconds', 60),
    routingDriverFor: cluster =>
      (clusters?.has(cluster)
        ? clusters.getOptionalString(`${cluster}.sandboxRouting`)
        : undefined) ?? DEFAULT_ROUTING_DRIVER,
    trafficSourceFor: cluster => {
      const traffic = clusters?.has(cluster)
        ? clusters.getOptionalConfig(`${cluster}.sandboxTraffic`)
        : undefined;
      if (!traffic) return undefined;
      const settings = { ...traffic.get<Record<string, unknown>>() };
      delete settings.source;
      return { source: traffic.getString('source'), settings };
    },
  };
}
