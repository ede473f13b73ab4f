import { InputError, NotFoundError } from '@backstage/errors';
import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { LookupFunction } from 'node:net';
import {
  AddressAllowlist,
  familyOf,
  forbiddenKind,
  unbracket,
} from './addressRanges';
import { HostAllowlist } from './hostAllowlist';

/** At most this many redirects are followed (each one checked). */
export const MAX_REDIRECTS = 5;

/** What an error body may hold before it is cut. */
const MAX_ERROR_BODY = 64 * 1024;

/** An answer of an outbound request, after any redirects. */
export interface OutboundResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The URL that answered (the last hop). */
  url: string;
}

export interface OutboundRequest {
  /** What is asked, for messages: "Chart repository". */
  what: string;
  timeoutMs: number;
  /** The largest body taken from a 2xx answer. */
  maxBytes: number;
  headers?: Record<string, string>;
  maxRedirects?: number;
  /** How messages name the source at a host; default `<what> at <host>`. */
  name?: (host: string) => string;
}

const refusals = new WeakSet<Error>();

/** Whether an error is the guard refusing a destination (not a network failure). */
export function isOutboundRefusal(error: unknown): boolean {
  return error instanceof Error && refusals.has(error);
}

function refuse(message: string): InputError {
  const error = new InputError(message);
  refusals.add(error);
  return error;
}

function hostOf(url: string) {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * The one way Berth reaches other hosts for charts, values and registries.
 * A destination must be on the host allowlist (the configured chart
 * repositories and registries and `allowedHosts`), and every address it
 * resolves to must be public unless `berth.outbound.allowAddresses` lists
 * it: loopback, link-local (169.254.169.254), private, shared, unspecified
 * and multicast addresses are refused. The address check runs in the
 * connection's own DNS lookup, so the address checked is the address
 * connected to. Redirects are followed by hand, each hop checked the same
 * way, at most MAX_REDIRECTS; credentials are dropped when a hop changes
 * host. A refusal is an InputError sent before any byte leaves the backend.
 */
export class OutboundGuard {
  constructor(
    private readonly options: {
      hosts: HostAllowlist;
      addresses: AddressAllowlist;
      /** Names the host allowlist's config key in messages. */
      hostsKey?: string;
    },
  ) {}

  get hosts(): HostAllowlist {
    return this.options.hosts;
  }

  /** The same address policy with other hosts allowed (e.g. Git hosts). */
  withHosts(hosts: HostAllowlist, hostsKey?: string): OutboundGuard {
    return new OutboundGuard({
      ...this.options,
      hosts,
      hostsKey: hostsKey ?? this.options.hostsKey,
    });
  }

  private get hostsKey() {
    return this.options.hostsKey ?? 'berth.helm.import.allowedHosts';
  }

  /** Refuses a URL whose scheme is not http(s) or whose host is not allowed. */
  assertUrlAllowed(url: string | URL, what: string): URL {
    let parsed: URL;
    try {
      parsed = typeof url === 'string' ? new URL(url) : url;
    } catch {
      throw new InputError(`${what}: '${url}' is not a URL`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw refuse(
        `${what}: '${parsed.protocol}' URLs are not fetched; use http(s)`,
      );
    }
    if (parsed.username || parsed.password) {
      throw refuse(`${what}: a URL may not carry credentials`);
    }
    if (!this.options.hosts.allows(parsed.host)) {
      throw refuse(
        `${what} host ${parsed.host} is not allowed (${this.hostsKey}); use a configured one`,
      );
    }
    return parsed;
  }

  /** Refuses an address that is forbidden and not allowed by config. */
  assertAddressAllowed(address: string, host: string, what: string): void {
    const kind = forbiddenKind(address);
    if (kind && !this.options.addresses.allows(address)) {
      throw refuse(
        `${what} host ${host} is ${
          unbracket(host.replace(/:\d+$/, '')) === unbracket(address)
            ? ''
            : `at ${address}, `
        }${kind} address; refused (berth.outbound.allowAddresses lists the addresses that may be reached)`,
      );
    }
  }

  /**
   * Checks a URL before something else fetches it (Backstage's URL reader,
   * a deploy): scheme, host allowlist, and every address its name resolves
   * to. A name that does not resolve is let through (`unresolved: true`):
   * nothing can connect to it either.
   */
  async check(
    url: string | URL,
    what: string,
  ): Promise<{ url: URL; unresolved?: boolean }> {
    const parsed = this.assertUrlAllowed(url, what);
    const name = unbracket(parsed.hostname);
    if (familyOf(name)) {
      this.assertAddressAllowed(name, parsed.host, what);
      return { url: parsed };
    }
    let addresses: LookupAddress[];
    try {
      addresses = await new Promise<LookupAddress[]>((resolve, reject) =>
        dnsLookup(name, { all: true }, (error, found) =>
          error ? reject(error) : resolve(found),
        ),
      );
    } catch {
      return { url: parsed, unresolved: true };
    }
    for (const { address } of addresses) {
      this.assertAddressAllowed(address, parsed.host, what);
    }
    return { url: parsed };
  }

  /** A DNS lookup for sockets that refuses forbidden addresses. */
  private lookupFor(host: string, what: string): LookupFunction {
    return (hostname, options, callback) => {
      dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
        if (error) {
          (callback as any)(error, options.all ? [] : '', 0);
          return;
        }
        try {
          for (const { address } of addresses) {
            this.assertAddressAllowed(address, host, what);
          }
        } catch (refusal) {
          (callback as any)(refusal, options.all ? [] : '', 0);
          return;
        }
        if (options.all) {
          (callback as any)(null, addresses);
        } else {
          callback(null, addresses[0].address, addresses[0].family);
        }
      });
    };
  }

  /**
   * A GET through the guard: follows redirects by hand (each checked), reads
   * at most `maxBytes` of a 2xx body, and answers any status; network
   * failures and time-outs are InputErrors naming the host.
   */
  async request(
    url: string,
    request: OutboundRequest,
  ): Promise<OutboundResponse> {
    const { what, timeoutMs } = request;
    const signal = AbortSignal.timeout(timeoutMs);
    const maxRedirects = request.maxRedirects ?? MAX_REDIRECTS;
    let current = this.assertUrlAllowed(url, what);
    let headers = { ...(request.headers ?? {}) };
    const firstHost = current.host;
    for (let hop = 0; ; hop++) {
      const response = await this.hop(current, headers, request, signal);
      const location = response.headers.location;
      if (!REDIRECTS.has(response.status) || !location) {
        return { ...response, url: current.toString() };
      }
      if (hop >= maxRedirects) {
        throw refuse(
          `${what} at ${firstHost} redirects more than ${maxRedirects} times; refused`,
        );
      }
      let next: URL;
      try {
        next = new URL(location, current);
      } catch {
        throw new InputError(
          `${what} at ${current.host} redirects to '${location}', which is not a URL`,
        );
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        throw refuse(
          `${what} at ${current.host} redirects to a '${next.protocol}' URL; refused`,
        );
      }
      if (!this.options.hosts.allows(next.host)) {
        throw refuse(
          `${what} at ${current.host} redirects to ${next.host}, which is not allowed (${this.hostsKey}); refused`,
        );
      }
      if (next.host !== current.host) {
        // Credentials go to the host they were meant for, never further.
        const { authorization: _dropped, ...rest } = headers;
        headers = rest;
      }
      current = next;
    }
  }

  private hop(
    url: URL,
    headers: Record<string, string>,
    request: OutboundRequest,
    signal: AbortSignal,
  ): Promise<Omit<OutboundResponse, 'url'>> {
    const { what, timeoutMs, maxBytes } = request;
    const named = request.name?.(url.host) ?? `${what} at ${url.host}`;
    const host = url.host;
    const seconds = Math.round(timeoutMs / 100) / 10;
    const literal = unbracket(url.hostname);
    if (familyOf(literal)) this.assertAddressAllowed(literal, host, what);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        reject(error);
      };
      const networkError = (error: Error & { code?: string }) => {
        if (refusals.has(error)) return error;
        if (signal.aborted) {
          return new InputError(`${named} did not answer within ${seconds} s`);
        }
        return new InputError(
          `${named} cannot be reached: ${error.code ?? error.message}`,
        );
      };
      const req = send(
        url,
        {
          method: 'GET',
          headers,
          signal,
          agent: false,
          lookup: this.lookupFor(host, what),
        },
        res => {
          const status = res.statusCode ?? 0;
          if (REDIRECTS.has(status)) {
            res.resume();
            settled = true;
            resolve({ status, headers: res.headers, body: Buffer.alloc(0) });
            return;
          }
          const ok = status >= 200 && status < 300;
          const limit = ok ? maxBytes : MAX_ERROR_BODY;
          const declared = Number(res.headers['content-length'] ?? NaN);
          if (ok && declared > limit) {
            fail(
              new InputError(
                `${named}: ${url} is ${declared} bytes, more than the limit of ${limit}`,
              ),
            );
            res.destroy();
            return;
          }
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > limit) {
              if (ok) {
                fail(
                  new InputError(
                    `${named}: ${url} is more than the limit of ${limit} bytes`,
                  ),
                );
                res.destroy();
              } else {
                // An error page: what was read is enough.
                settled = true;
                resolve({
                  status,
                  headers: res.headers,
                  body: Buffer.concat(chunks),
                });
                res.destroy();
              }
              return;
            }
            chunks.push(chunk);
          });
          res.on('end', () => {
            if (settled) return;
            settled = true;
            resolve({
              status,
              headers: res.headers,
              body: Buffer.concat(chunks),
            });
          });
          res.on('error', error => {
            fail(
              refusals.has(error) || signal.aborted
                ? networkError(error)
                : new InputError(
                    `${named} did not send ${url} completely: ${error.message}`,
                  ),
            );
          });
          res.on('aborted', () =>
            fail(
              new InputError(
                `${named} did not send ${url} completely${
                  signal.aborted ? ` within ${seconds} s` : ''
                }`,
              ),
            ),
          );
        },
      );
      req.on('error', error => fail(networkError(error)));
      req.end();
    });
  }

  /**
   * GETs a URL through the guard and answers its body: InputError when it
   * cannot be reached, does not answer in time, refuses the credentials or
   * answers too much; NotFoundError on 404.
   */
  async get(url: string, request: OutboundRequest): Promise<Buffer> {
    const response = await this.request(url, request);
    const { what } = request;
    const named =
      request.name?.(hostOf(response.url)) ??
      `${what} at ${hostOf(response.url)}`;
    if (response.status === 401 || response.status === 403) {
      throw new InputError(
        `${named} refused access (HTTP ${response.status}); check the credentials configured for it`,
      );
    }
    if (response.status === 404) {
      throw new NotFoundError(`${named}: ${response.url} not found`);
    }
    if (response.status < 200 || response.status >= 300) {
      throw new InputError(
        `${named} answered HTTP ${response.status} for ${response.url}`,
      );
    }
    return response.body;
  }
}
