import { KubeConfig } from '@kubernetes/client-node';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import {
  ClientRequest,
  IncomingHttpHeaders,
  IncomingMessage,
  request as httpRequest,
  ServerResponse,
} from 'node:http';
import {
  createServer,
  request as httpsRequest,
  RequestOptions,
} from 'node:https';
import { AddressInfo } from 'node:net';
import { notFoundMessage, sendStatus, statusDetails } from './kubeStatus';
import { loopbackCertificate } from './loopbackCertificate';

/** A running {@link startKubeApiProxy}. */
export interface KubeApiProxy {
  /** `https://127.0.0.1:<port>`: the server of helm's kubeconfig. */
  url: string;
  /** The proxy's own self-signed certificate (PEM): the only one helm trusts. */
  ca: string;
  /** The bearer token every request must carry (random, per proxy). */
  token: string;
  /** Stops listening and cuts every open request (watches included). */
  close(): Promise<void>;
}

// Hop-by-hop headers (RFC 9110 7.6.1) and the caller's credentials: never
// forwarded. Impersonation headers are dropped too: the proxy speaks only
// as the kubeconfig's identity.
const DROPPED = new Set([
  'authorization',
  'connection',
  'host',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);
const MAX_REFUSAL_BODY = 64 * 1024;

/**
 * The headers passed on. A request keeps `transfer-encoding: chunked`: Node
 * then frames the body it pipes the same way (it would not on its own for,
 * e.g., a DELETE); an answer's framing is Node's own.
 */
function forwardedHeaders(
  headers: IncomingHttpHeaders,
  keepChunked = false,
): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith('impersonate-')) continue;
    if (DROPPED.has(name)) {
      if (!(keepChunked && name === 'transfer-encoding' && value === 'chunked'))
        continue;
    }
    out[name] = value;
  }
  return out;
}

function isWatch(url: string): boolean {
  const watch = new URL(url, 'http://proxy').searchParams.get('watch');
  return watch === 'true' || watch === '1';
}

/**
 * Answers a 403 with a 404 `Status` (reason NotFound): a GET of an object
 * or a list that the identity may not read looks, to helm, like one that
 * does not exist (helm's `lookup` then renders empty). Only the name and
 * resource of the refusal are kept, not its message.
 */
function answerNotFound(upstream: IncomingMessage, res: ServerResponse) {
  const chunks: Buffer[] = [];
  let size = 0;
  upstream.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= MAX_REFUSAL_BODY) chunks.push(chunk);
  });
  upstream.on('end', () => {
    const details = statusDetails(Buffer.concat(chunks));
    sendStatus(res, 404, 'NotFound', notFoundMessage(details), details);
  });
  upstream.on('error', () => res.destroy());
}

/**
 * Starts a loopback HTTPS server (a fresh self-signed certificate: helm
 * sends credentials only over TLS) that forwards every request, bodies
 * streamed both ways (watches included), to the API server of `kc`'s
 * current context with `kc`'s credentials (token, client certificate,
 * impersonation, CA), for one helm call. A request without the proxy's
 * bearer token gets 401 and goes nowhere. The one change it makes: a 403
 * answer to a GET that is not a watch becomes a 404 `Status`, because
 * helm's `lookup` renders empty only on NotFound; every other answer,
 * including a 403 to a write, passes unchanged.
 */
export async function startKubeApiProxy(
  kc: KubeConfig,
  /** Told of every request once it is answered (a deploy profile's timeline). */
  observe?: (request: {
    method: string;
    path: string;
    start: number;
    end: number;
  }) => void,
): Promise<KubeApiProxy> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('The KubeConfig has no current cluster');
  const upstream = new URL(cluster.server);
  const basePath = upstream.pathname.replace(/\/+$/, '');
  const credentials: RequestOptions = {};
  await kc.applyToHTTPSOptions(credentials);
  const request = upstream.protocol === 'http:' ? httpRequest : httpsRequest;

  const certificate = await loopbackCertificate();
  const token = randomBytes(32).toString('base64url');
  const expected = Buffer.from(`Bearer ${token}`);
  const authorized = (header: string | undefined) => {
    const given = Buffer.from(header ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  const open = new Set<ClientRequest>();

  const server = createServer(certificate, (req, res) => {
    if (!authorized(req.headers.authorization)) {
      req.resume();
      sendStatus(res, 401, 'Unauthorized', 'Unauthorized');
      return;
    }
    const url = req.url ?? '/';
    const method = req.method ?? 'GET';
    if (observe) {
      const start = performance.now();
      res.on('close', () =>
        observe({ method, path: url, start, end: performance.now() }),
      );
    }
    const toUpstream = request({
      protocol: upstream.protocol,
      hostname: upstream.hostname,
      port: upstream.port,
      method,
      path: `${basePath}${url}`,
      agent: credentials.agent,
      ca: credentials.ca,
      cert: credentials.cert,
      key: credentials.key,
      servername: credentials.servername,
      rejectUnauthorized: credentials.rejectUnauthorized,
      auth: credentials.auth,
      headers: {
        ...forwardedHeaders(req.headers, true),
        ...(credentials.headers as IncomingHttpHeaders | undefined),
      },
    });
    open.add(toUpstream);
    toUpstream.on('close', () => open.delete(toUpstream));
    toUpstream.on('response', answer => {
      if (answer.statusCode === 403 && method === 'GET' && !isWatch(url)) {
        answerNotFound(answer, res);
        return;
      }
      res.writeHead(answer.statusCode ?? 502, forwardedHeaders(answer.headers));
      res.flushHeaders();
      answer.pipe(res);
      answer.on('error', () => res.destroy());
    });
    toUpstream.on('error', error => {
      if (res.headersSent) res.destroy();
      else {
        sendStatus(
          res,
          502,
          'ServiceUnavailable',
          `The API server could not be reached: ${error.message}`,
        );
      }
    });
    // The caller went away (helm stopped, a watch ended): so does the request.
    res.on('close', () => {
      if (!res.writableFinished) toUpstream.destroy();
    });
    req.pipe(toUpstream);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    ca: certificate.cert,
    token,
    close: () =>
      new Promise<void>(resolve => {
        for (const pending of open) pending.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
