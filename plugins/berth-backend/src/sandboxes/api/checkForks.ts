import { InputError } from '@backstage/errors';
import { SandboxFork } from '@berth/plugin-berth-common';
import { checkServiceSettingsKeys } from '../../http/serviceSettingsKeys';

/**
 * What the spec cannot say about a request's forks: a service forked once
 * at most, and the limits on the keys of each fork's settings. A 400
 * naming the field (`forks.1.service`).
 */
export function checkForks(forks: SandboxFork[]): void {
  const seen = new Set<string>();
  forks.forEach((fork, i) => {
    if (seen.has(fork.service)) {
      throw new InputError(
        `Invalid request body: forks.${i}.service: '${fork.service}' is forked more than once`,
      );
    }
    seen.add(fork.service);
    checkServiceSettingsKeys(fork, `forks.${i}`);
  });
}
