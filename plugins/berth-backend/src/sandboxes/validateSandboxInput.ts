import { InputError } from '@backstage/errors';
import {
  BerthEnvironment,
  BerthProject,
  SandboxFork,
} from '@berth/plugin-berth-common';

const SETTINGS_KEYS = new Set([
  'service',
  'revision',
  'values',
  'images',
  'set',
  'variables',
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function assertStringRecord(value: unknown, what: string): void {
  if (value === undefined) return;
  if (
    !isRecord(value) ||
    Object.values(value).some(v => typeof v !== 'string')
  ) {
    throw new InputError(`${what} must be an object of strings`);
  }
}

/**
 * InputError unless `forks` is a non-empty list of distinct services the
 * base has (the project's services deployed in it), each with settings of
 * the right shape.
 */
export function assertValidForks(
  forks: unknown,
  project: Pick<BerthProject, 'name' | 'services'>,
  base: Pick<BerthEnvironment, 'name' | 'services'>,
): asserts forks is SandboxFork[] {
  if (!Array.isArray(forks) || forks.length === 0) {
    throw new InputError('A sandbox forks at least one service (forks)');
  }
  const seen = new Set<string>();
  for (const fork of forks) {
    if (!isRecord(fork) || typeof fork.service !== 'string') {
      throw new InputError('Each fork names its service (forks[].service)');
    }
    const { service } = fork;
    const unknown = Object.keys(fork).filter(key => !SETTINGS_KEYS.has(key));
    if (unknown.length > 0) {
      throw new InputError(
        `The fork of '${service}' has unknown field(s): ${unknown.join(', ')}`,
      );
    }
    if (
      !project.services.some(s => s.name === service) ||
      !base.services[service]
    ) {
      throw new InputError(
        `Environment '${
          base.name
        }' has no service '${service}' to fork (it has: ${
          Object.keys(base.services).sort().join(', ') || 'none'
        })`,
      );
    }
    if (seen.has(service)) {
      throw new InputError(`Service '${service}' is forked twice`);
    }
    seen.add(service);
    const latest = project.services.find(
      s => s.name === service,
    )!.latestRevision;
    if (
      fork.revision !== undefined &&
      (!Number.isInteger(fork.revision) ||
        (fork.revision as number) < 1 ||
        (fork.revision as number) > latest)
    ) {
      throw new InputError(
        `The fork of '${service}' names revision ${JSON.stringify(
          fork.revision,
        )}; service '${service}' has revisions 1 to ${latest}`,
      );
    }
    if (fork.values !== undefined && typeof fork.values !== 'string') {
      throw new InputError(
        `The values of the fork of '${service}' must be YAML text`,
      );
    }
    assertStringRecord(fork.images, `The images of the fork of '${service}'`);
    assertStringRecord(fork.set, `The set values of the fork of '${service}'`);
    if (fork.variables !== undefined && !isRecord(fork.variables)) {
      throw new InputError(
        `The variables of the fork of '${service}' must be an object`,
      );
    }
  }
}

/** The hours to live: `ttlHours` or the default; InputError beyond the maximum or not positive. */
export function readTtlHours(
  ttlHours: unknown,
  limits: { defaultTtlHours: number; maxTtlHours: number },
): number {
  if (ttlHours === undefined) return limits.defaultTtlHours;
  if (
    typeof ttlHours !== 'number' ||
    !Number.isFinite(ttlHours) ||
    ttlHours <= 0
  ) {
    throw new InputError(
      `ttlHours must be a positive number of hours, not ${JSON.stringify(
        ttlHours,
      )}`,
    );
  }
  if (ttlHours > limits.maxTtlHours) {
    throw new InputError(
      `ttlHours ${ttlHours} is beyond the maximum of ${limits.maxTtlHours} hours`,
    );
  }
  return ttlHours;
}
