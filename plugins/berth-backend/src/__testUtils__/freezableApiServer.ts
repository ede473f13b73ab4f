import http from 'node:http';
import { AddressInfo } from 'node:net';

/** What the server does with a request while it is not frozen. */
export type FakeAnswer =
  | { status?: number; body: unknown }
  /**
   * A 200 answer that never ends: its headers and `lines` (as JSON lines,
   * e.g. watch events), then silence (an idle watch, or a stalled body).
   */
  | { stream: true; lines?: unknown[] };

/**
 * A loopback HTTP server standing in for an API server: it answers each
 * request with what `answer` says, and while `frozen` it leaves new requests
 * unanswered (like a SIGSTOPped kube-apiserver). Records the requests.
 */
export async function freezableApiServer(
  answer: (req: http.IncomingMessage) => FakeAnswer,
) {
  const state = { frozen: false, requests: [] as string[] };
  const server = http.createServer((req, res) => {
    state.requests.push(`${req.method} ${req.url}`);
    if (state.frozen) return;
    const what = answer(req);
    if ('stream' in what) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.flushHeaders();
      for (const line of what.lines ?? [])
        res.write(`${JSON.stringify(line)}\n`);
      return;
    }
    res.writeHead(what.status ?? 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(what.body));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
