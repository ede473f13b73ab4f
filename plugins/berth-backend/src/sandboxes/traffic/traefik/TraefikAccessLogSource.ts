import { InputError } from '@backstage/errors';
import {
  BerthObservedRequest,
  BerthSandboxTrafficSource,
  BerthTrafficReadContext,
} from '@berth/plugin-berth-node';
import { open } from 'node:fs/promises';
import { parseTraefikAccessLine } from './parseTraefikAccessLine';

/** The most a read goes through: a first read (or one after a long pause) starts this far from the end. */
const DEFAULT_WINDOW_BYTES = 16 * 1024 * 1024;

/**
 * Traefik's JSON access log as a sandbox traffic source
 * (`sandboxTraffic: { source: traefik-access-log, accessLogPath }`), for a
 * Traefik that runs the cluster's Gateway API data plane with
 * `--accessLog.format=json` and the request headers `X-Env` and `Baggage`
 * kept (`--accessLog.fields.headers.names.X-Env=keep`...). Each read goes
 * on from where the previous one of this process stopped; a file that shrank
 * (rotated) is read from its start.
 */
export class TraefikAccessLogSource implements BerthSandboxTrafficSource {
  readonly name = 'Traefik access log';
  private readonly offsets = new Map<string, number>();

  constructor(private readonly windowBytes = DEFAULT_WINDOW_BYTES) {}

  async readRequests(
    context: BerthTrafficReadContext,
  ): Promise<BerthObservedRequest[]> {
    const path = context.settings.accessLogPath;
    if (typeof path !== 'string' || !path) {
      throw new InputError(
        `berth.clusters.${context.cluster}.sandboxTraffic.accessLogPath is not set: the path of Traefik's JSON access log`,
      );
    }
    const file = await open(path, 'r');
    try {
      const { size } = await file.stat();
      let start = this.offsets.get(path) ?? 0;
      if (start > size) start = 0;
      start = Math.max(start, size - this.windowBytes);
      const length = size - start;
      if (length <= 0) return [];
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await file.read(buffer, 0, length, start);
      const text = buffer.subarray(0, bytesRead).toString('utf8');
      // A line Traefik is still writing waits for the next read.
      const complete = text.lastIndexOf('\n') + 1;
      this.offsets.set(
        path,
        start + Buffer.byteLength(text.slice(0, complete)),
      );
      const requests: BerthObservedRequest[] = [];
      for (const line of text.slice(0, complete).split('\n')) {
        const request = parseTraefikAccessLine(line, context.namespaces);
        if (request) requests.push(request);
      }
      return requests;
    } finally {
      await file.close();
    }
  }
}
