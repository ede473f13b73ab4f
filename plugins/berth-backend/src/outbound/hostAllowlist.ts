import { unbracket } from './addressRanges';

/**
 * Which hosts the backend may fetch from: `host` (any port), `host:port`,
 * `*.domain` (its subdomains, any port) or `*` (any host; every address is
 * still checked). Names are compared without case.
 */
export class HostAllowlist {
  readonly patterns: string[];

  constructor(patterns: string[]) {
    this.patterns = patterns
      .map(p => p.trim().toLowerCase())
      .filter(p => p.length > 0);
  }

  /** Whether `host` (`name`, `name:port`, `[v6]:port`) is allowed. */
  allows(host: string): boolean {
    const lower = host.toLowerCase();
    const name = unbracket(lower.replace(/:\d+$/, ''));
    return this.patterns.some(pattern => {
      if (pattern === '*') return true;
      if (pattern.startsWith('*.')) return name.endsWith(pattern.slice(1));
      return pattern === lower || unbracket(pattern) === name;
    });
  }

  /** A list allowing these hosts as well. */
  with(patterns: string[]): HostAllowlist {
    return new HostAllowlist([...this.patterns, ...patterns]);
  }
}
