import { BerthCallDeps } from '../berth/berthClientForTask';
import { PortalLinks } from '../berth/portalLinks';

/** What every Berth action is built with. */
export interface BerthActionDeps extends BerthCallDeps {
  links: PortalLinks;
  /** How often a followed operation or run is read (ms). */
  pollMs?: number;
}

/** Between two reads of a followed operation or run, by default. */
export const DEFAULT_POLL_MS = 2000;

/** The description of every action's `wait` input. */
export const WAIT_DESCRIPTION =
  "Follow Berth's operation to its end and fail the step with its message when it fails (default true)";

/** A DNS-1123 label, as Berth names environments, namespaces and services. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The value a dry run puts where Berth would have answered with an id. */
export function dryRunId(what: string): string {
  return `dry-run:${what}`;
}
