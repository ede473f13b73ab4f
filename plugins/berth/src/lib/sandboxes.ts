import {
  BerthEnvironment,
  SandboxRoutingKey,
  ServiceStatus,
  SandboxStatus,
} from '@berth/plugin-berth-common';

/** How often the sandbox views read again while a sandbox is being created or deleted. */
export const SANDBOX_POLL_MS = 3_000;

/** Whether an operation is still changing the sandbox (the views poll then). */
export function isSandboxSettling(status: SandboxStatus): boolean {
  return status === 'creating' || status === 'deleting';
}

/** Single-quoted for a POSIX shell. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * The curl commands that reach a sandbox through `url` (the base's): one
 * with `x-env`, one with the `baggage` member (append it to a `baggage`
 * header the request already has).
 */
export function sandboxCurlExamples(
  key: SandboxRoutingKey,
  url: string,
): string[] {
  return [
    `curl -H ${shellQuote(
      `${key.xEnv.header}: ${key.xEnv.value}`,
    )} ${shellQuote(url)}`,
    `curl -H ${shellQuote(
      `${key.baggage.header}: ${key.baggage.member}`,
    )} ${shellQuote(url)}`,
  ];
}

/**
 * Where a curl example sends its request: the base environment's URL when
 * its cluster has a gateway, else the first fork's Service in the base
 * namespace, as reached from inside the cluster.
 */
export function sandboxCurlTarget(options: {
  baseUrl?: string;
  baseNamespace?: string;
  service?: string;
}): string {
  if (options.baseUrl) return options.baseUrl;
  const service = options.service ?? '<service>';
  const namespace = options.baseNamespace ?? '<namespace>';
  return `http://${service}.${namespace}.svc.cluster.local/`;
}

/**
 * The services a sandbox of `base` can fork: those deployed in it (while its
 * live status is not known, those it has settings for; the backend refuses
 * a fork of a service the base lacks), then those of `forked` (a sandbox's
 * forks, so that they can be dropped) it does not list.
 */
export function forkableServices(
  base: Pick<BerthEnvironment, 'services'>,
  status?: { services: Array<Pick<ServiceStatus, 'service' | 'status'>> },
  forked: string[] = [],
): string[] {
  const deployed = status
    ? status.services
        .filter(s => s.status !== 'NotDeployed')
        .map(s => s.service)
    : Object.keys(base.services);
  return [...deployed, ...forked.filter(s => !deployed.includes(s))];
}
