import {
  IsomorphicFetchHttpLibrary,
  PromiseHttpLibrary,
  RequestContext,
  ResponseContext,
  SelfDecodingBody,
} from '@kubernetes/client-node';
import { ClusterTimeoutError } from './ClusterTimeoutError';
import { ClusterRequestSettings } from './requestSettings';

/**
 * The HTTP library of Berth's API clients: client-node's own (node-fetch),
 * with every request bounded by the cluster's request timeout, from sending
 * until the whole answer is read. A request that runs out fails with a
 * {@link ClusterTimeoutError} naming the cluster and the request, and the
 * settings' `onUnanswered` hears of it; an answer (any status) calls
 * `onAnswered`. A signal the request already carries still aborts it.
 */
export class BoundedHttpLibrary implements PromiseHttpLibrary {
  private readonly inner = new IsomorphicFetchHttpLibrary();

  constructor(private readonly settings: ClusterRequestSettings) {}

  async send(request: RequestContext): Promise<ResponseContext> {
    const { cluster, requestTimeoutMs, onAnswered, onUnanswered } =
      this.settings;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), requestTimeoutMs);
    const caller = request.getSignal();
    request.setSignal(
      caller ? AbortSignal.any([caller, timeout.signal]) : timeout.signal,
    );
    try {
      const response = await this.inner.send(request).toPromise();
      // read here, so that the timeout covers the body too
      const body = await response.body.binary();
      onAnswered?.();
      return new ResponseContext(
        response.httpStatusCode,
        response.headers,
        new SelfDecodingBody(Promise.resolve(body)),
      );
    } catch (error) {
      if (timeout.signal.aborted && !caller?.aborted) {
        const unanswered = ClusterTimeoutError.forRequest(
          cluster,
          requestTimeoutMs,
          `${request.getHttpMethod()} ${new URL(request.getUrl()).pathname}`,
        );
        onUnanswered?.(unanswered);
        throw unanswered;
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}
