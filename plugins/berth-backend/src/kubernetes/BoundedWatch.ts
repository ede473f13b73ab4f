import { KubeConfig, Watch } from '@kubernetes/client-node';
import http, { STATUS_CODES } from 'node:http';
import https from 'node:https';
import { createInterface } from 'node:readline';
import { ClusterTimeoutError } from './ClusterTimeoutError';
import { requestSettingsOf } from './requestSettings';

/** The most of an error answer's body that is kept. */
const MAX_ERROR_BODY = 64 * 1024;

/** Options of a {@link BoundedWatch}. */
export interface BoundedWatchOptions {
  /**
   * How long the stream may stay silent before the watch ends as if the
   * server had closed it (`done(null)`), so that the caller watches anew: a
   * request that is itself bounded. Default: the request timeout.
   */
  idleTimeoutMs?: number;
}

/**
 * A Watch (drop-in for client-node's, e.g. in a ListWatch) that cannot hang
 * on a cluster that stops answering: until the answer's headers arrive it is
 * bounded by the cluster's request timeout (then `done` gets a
 * {@link ClusterTimeoutError} naming the cluster), and once streaming it ends
 * after `idleTimeoutMs` of silence. client-node's own Watch waits for the
 * answer as long as TCP allows and has no idle limit. Asks for bookmarks, so
 * that a quiet watch's resource version stays fresh.
 */
export class BoundedWatch extends Watch {
  constructor(
    config: KubeConfig,
    private readonly options: BoundedWatchOptions = {},
  ) {
    super(config);
  }

  override async watch(
    path: string,
    queryParams: Record<string, string | number | boolean | undefined>,
    callback: (phase: string, apiObj: any, watchObj?: any) => void,
    done: (err: any) => void,
  ): Promise<AbortController> {
    const server = this.config.getCurrentCluster()?.server;
    if (!server) {
      throw new Error('No currently active cluster');
    }
    const settings = requestSettingsOf(this.config);
    const { requestTimeoutMs } = settings;
    const idleTimeoutMs = this.options.idleTimeoutMs ?? requestTimeoutMs;
    const url = new URL(server + path);
    url.searchParams.set('watch', 'true');
    url.searchParams.set('allowWatchBookmarks', 'true');
    for (const [key, value] of Object.entries(queryParams ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const options: https.RequestOptions = {};
    await this.config.applyToHTTPSOptions(options);

    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    let ended = false;
    let settle = () => {};
    const started = new Promise<void>(resolve => {
      settle = resolve;
    });
    const end = (error: unknown) => {
      if (ended) return;
      ended = true;
      clearTimeout(timer);
      settle();
      controller.abort();
      done(error ?? null);
    };
    const expireIn = (ms: number, expire: () => void) => {
      clearTimeout(timer);
      timer = setTimeout(expire, ms);
    };
    // an abort by the caller ends the watch quietly
    const failed = (error: unknown) =>
      end(controller.signal.aborted ? null : error);

    expireIn(requestTimeoutMs, () => {
      const unanswered = ClusterTimeoutError.forRequest(
        settings.cluster,
        requestTimeoutMs,
        `watch ${url.pathname}`,
      );
      settings.onUnanswered?.(unanswered);
      end(unanswered);
    });
    const request = (url.protocol === 'https:' ? https : http).request(
      url,
      { ...options, method: 'GET', signal: controller.signal },
      response => {
        settings.onAnswered?.();
        response.on('error', failed);
        if (response.statusCode !== 200) {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            if (body.length < MAX_ERROR_BODY) body += chunk;
          });
          response.on('end', () => {
            const code = response.statusCode ?? 0;
            end(
              Object.assign(
                new Error(
                  response.statusMessage ||
                    STATUS_CODES[code] ||
                    `HTTP ${code}`,
                ),
                { statusCode: code, body },
              ),
            );
          });
          return;
        }
        settle();
        const idle = () => expireIn(idleTimeoutMs, () => end(null));
        idle();
        response.on('data', idle);
        response.on('end', () => end(null));
        response.on('close', () => end(null));
        const lines = createInterface({ input: response, crlfDelay: Infinity });
        // readline repeats the response's errors, handled above
        lines.on('error', () => undefined);
        lines.on('line', line => {
          if (ended) return;
          try {
            const data = JSON.parse(line);
            callback(data.type, data.object, data);
          } catch {
            // like client-node's Watch: a line that is not JSON, or that the
            // callback throws on, is skipped
          }
        });
      },
    );
    request.on('error', failed);
    request.end();
    await started;
    return controller;
  }
}
