import { InputError } from '@backstage/errors';

/** The W3C `baggage` member that carries a sandbox's name. */
export const BAGGAGE_MEMBER = 'berth-sandbox';
/** The header whose value is the sandbox's name (Zadig's, exact match). */
export const X_ENV_HEADER = 'x-env';
/** The W3C baggage header. */
export const BAGGAGE_HEADER = 'baggage';

const SANDBOX_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Throws an InputError unless `name` is a DNS label (a sandbox's name). */
export function assertSandboxName(name: string): void {
  if (!SANDBOX_NAME.test(name)) {
    throw new InputError(
      `Invalid sandbox name '${name}': a DNS label (lower-case letters, digits, '-', at most 63)`,
    );
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The anchored regex on the `baggage` header that selects a sandbox: one
 * for every engine (Envoy/Istio match the whole value, Traefik searches).
 * Matches `foo=1, berth-sandbox=alice;p=1`, refuses `berth-sandbox=alice2`
 * and `xberth-sandbox=alice`.
 */
export function baggageRegex(sandbox: string): string {
  assertSandboxName(sandbox);
  return `^(.*,)?[ \\t]*${BAGGAGE_MEMBER}[ \\t]*=[ \\t]*${escapeRegex(
    sandbox,
  )}[ \\t]*([;,].*)?$`;
}

/** The two header matches that carry a sandbox's key. */
export interface SandboxKeyMatches {
  /** `x-env: <name>`, exact. */
  xEnv: { name: string; value: string };
  /** `baggage` matching {@link baggageRegex}. */
  baggage: { name: string; regex: string };
}

export function sandboxKeyMatches(sandbox: string): SandboxKeyMatches {
  return {
    xEnv: { name: X_ENV_HEADER, value: sandbox },
    baggage: { name: BAGGAGE_HEADER, regex: baggageRegex(sandbox) },
  };
}

/**
 * A `baggage` header value that carries the sandbox's member: appended to
 * the existing members (never overwriting them); an existing
 * `berth-sandbox` member is replaced.
 */
export function withSandboxBaggage(
  existingBaggage: string | undefined,
  sandbox: string,
): string {
  assertSandboxName(sandbox);
  const members = (existingBaggage ?? '')
    .split(',')
    .map(member => member.trim())
    .filter(member => member.length > 0)
    .filter(member => {
      const key = member.split(/[=;]/, 1)[0].trim();
      return key !== BAGGAGE_MEMBER;
    });
  return [...members, `${BAGGAGE_MEMBER}=${sandbox}`].join(', ');
}
