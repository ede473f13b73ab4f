import { InputError } from '@backstage/errors';
import { lookup as dnsLookup } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { LookupFunction } from 'node:net';
import { familyOf, unbracket } from '../../outbound/addressRanges';
import { OutboundGuard } from '../../outbound/OutboundGuard';

/** Headers a webhook may not set: the request's own framing and routing. */
const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'content-type',
  'transfer-encoding',
  'connection',
  'upgrade',
  'expect',
  'te',
  'trailer',
  'keep-alive',
  'proxy-authorization',
]);

/** Thrown when a webhook answered, but not with a 2xx. */
export class WebhookFailedError extends Error {
  name = 'WebhookFailedError';
}

/** InputError naming the first header a webhook may not set, or with a bad name or value. */
export function assertWebhookHeaders(headers: Record<string, string>) {
  for (const [name, value] of Object.entries(headers)) {
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) {
      throw new InputError(`webhook.headers: '${name}' is not a header name`);
    }
    if (RESERVED_HEADERS.has(name.toLowerCase())) {
      throw new InputError(`webhook.headers: '${name}' may not be set`);
    }
    if (/[\r\n\0]/.test(value)) {
      throw new InputError(
        `webhook.headers: the value of '${name}' holds a line break`,
      );
    }
  }
}

/**
 * POSTs JSON to a webhook through Berth's outbound policy: the URL's scheme
 * and host checked by `guard` (its host allowlist), every address the name
 * resolves to checked in the connection's own DNS lookup (no private,
 * loopback or link-local address unless `berth.outbound.allowAddresses`
 * lists it). Redirects are not followed. Resolves with the status of a 2xx
 * answer; WebhookFailedError for any other, InputError when refused or
 * unreachable.
 */
export async function postWebhook(
  guard: OutboundGuard,
  url: string,
  body: unknown,
  options: { headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<number> {
  const what = 'Webhook';
  const target = guard.assertUrlAllowed(url, what);
  const headers = options.headers ?? {};
  assertWebhookHeaders(headers);
  const host = target.host;
  const literal = unbracket(target.hostname);
  if (familyOf(literal)) guard.assertAddressAllowed(literal, host, what);
  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    dnsLookup(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
      const fail = (e: Error) =>
        (callback as any)(e, lookupOptions.all ? [] : '', 0);
      if (error) {
        fail(error);
        return;
      }
      try {
        for (const { address } of addresses) {
          guard.assertAddressAllowed(address, host, what);
        }
      } catch (refusal) {
        fail(refusal as Error);
        return;
      }
      if (lookupOptions.all) (callback as any)(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    });
  };
  const payload = Buffer.from(JSON.stringify(body));
  const timeoutMs = options.timeoutMs ?? 10_000;
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<number>((resolve, reject) => {
    const req = send(
      target,
      {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(payload.length),
          'user-agent': 'berth-workflows',
        },
        agent: false,
        lookup,
        signal: AbortSignal.timeout(timeoutMs),
      },
      res => {
        const status = res.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < 4096) chunks.push(chunk);
          size += chunk.length;
        });
        res.on('end', () => {
          if (status >= 200 && status < 300) {
            resolve(status);
            return;
          }
          const text = Buffer.concat(chunks).toString('utf8').slice(0, 500);
          reject(
            new WebhookFailedError(
              `Webhook at ${host} answered ${status}${
                status >= 300 && status < 400
                  ? ' (a redirect: webhooks are not redirected)'
                  : ''
              }${text ? `: ${text}` : ''}`,
            ),
          );
        });
        res.on('error', reject);
      },
    );
    req.on('error', (error: Error & { code?: string }) => {
      if (error instanceof InputError) {
        reject(error);
      } else if (error.name === 'TimeoutError' || error.name === 'AbortError') {
        reject(
          new InputError(
            `Webhook at ${host} did not answer within ${timeoutMs / 1000} s`,
          ),
        );
      } else {
        reject(
          new InputError(
            `Webhook at ${host} cannot be reached: ${
              error.code ?? error.message
            }`,
          ),
        );
      }
    });
    req.end(payload);
  });
}
