import { InputError } from '@backstage/errors';
import { BerthSandboxRouting } from '@berth/plugin-berth-node';
import { assertSandboxName } from './routingKey';

const LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** A forked Service: the base's, and the fork in the sandbox namespace. */
export interface ForkedServiceRef {
  baseService: string;
  forkService: string;
  forkNamespace: string;
  /** `<fork>.<namespace>.svc.<cluster domain>` */
  forkFqdn: string;
}

/**
 * The sandbox's forks, validated: names are DNS labels, each base Service
 * forked once, each target the FQDN of a Service in the sandbox namespace.
 */
export function readForks(routing: BerthSandboxRouting): ForkedServiceRef[] {
  assertSandboxName(routing.sandbox);
  for (const [what, value] of [
    ['sandbox namespace', routing.namespace],
    ['base namespace', routing.base.namespace],
  ]) {
    if (!LABEL.test(value)) {
      throw new InputError(`Invalid ${what} '${value}': not a DNS label`);
    }
  }
  if (routing.namespace === routing.base.namespace) {
    throw new InputError(
      `The sandbox namespace '${routing.namespace}' is the base's namespace`,
    );
  }
  const seen = new Set<string>();
  return routing.forks.map(fork => {
    if (!LABEL.test(fork.baseService)) {
      throw new InputError(
        `Invalid base Service '${fork.baseService}' of fork '${fork.service}'`,
      );
    }
    if (seen.has(fork.baseService)) {
      throw new InputError(
        `The base Service '${fork.baseService}' is forked twice`,
      );
    }
    seen.add(fork.baseService);
    const [forkService, forkNamespace, svc, ...domain] = fork.target.split('.');
    if (
      !LABEL.test(forkService ?? '') ||
      forkNamespace !== routing.namespace ||
      svc !== 'svc' ||
      domain.length === 0 ||
      !domain.every(part => LABEL.test(part))
    ) {
      throw new InputError(
        `Invalid target '${fork.target}' of fork '${fork.service}': the FQDN of a Service in '${routing.namespace}' (<service>.${routing.namespace}.svc.cluster.local)`,
      );
    }
    return {
      baseService: fork.baseService,
      forkService,
      forkNamespace,
      forkFqdn: fork.target,
    };
  });
}
