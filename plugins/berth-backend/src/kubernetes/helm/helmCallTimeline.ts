import { addPhaseTime } from '../../shared/deployProfile';

/** A request helm made through the loopback API proxy, in `performance.now()` ms. */
export interface ProxiedRequest {
  method: string;
  path: string;
  start: number;
  end: number;
}

/** API discovery: `/api`, `/apis`, a group or group version, `/version`, `/openapi/...`. */
const DISCOVERY =
  /^\/(version|openapi(\/.*)?|api(\/v1)?|apis(\/[^/]+(\/[^/]+)?)?)\/?$/;

/**
 * What one helm process did when, as seen from outside it: its start, the
 * requests it made through the API proxy, the post-renderer's labelling and
 * its exit. {@link report} splits its time into the phases of a deploy
 * profile (see `shared/deployProfile`).
 */
export class HelmCallTimeline {
  private spawned = 0;
  private readonly requests: ProxiedRequest[] = [];
  private postRender?: { start: number; end: number };

  spawn(): void {
    this.spawned = performance.now();
  }

  request(request: ProxiedRequest): void {
    this.requests.push(request);
  }

  postRendered(start: number, end: number): void {
    this.postRender = { start, end };
  }

  /** Adds the phases of this call, ended now, to the current deploy's profile. */
  report(): void {
    if (!this.spawned) return; // it failed before helm started
    const exited = performance.now();
    const requests = [...this.requests].sort((a, b) => a.start - b.start);
    addPhaseTime('helm.process', exited - this.spawned);
    if (requests.length === 0) return;
    addPhaseTime('helm.startup', requests[0].start - this.spawned);
    const discovery = requests.filter(
      r => r.method === 'GET' && DISCOVERY.test(r.path.split('?')[0]),
    );
    addPhaseTime(
      'helm.discovery',
      discovery.reduce((sum, r) => sum + (r.end - r.start), 0),
    );
    addPhaseTime('helm.requests', requests.length);
    if (this.postRender) {
      const before = requests.filter(r => r.end <= this.postRender!.start);
      const readDone = before.length
        ? Math.max(...before.map(r => r.end))
        : requests[0].start;
      addPhaseTime('helm.releaseReads', readDone - requests[0].start);
      addPhaseTime(
        'helm.renderAndPostRendererStart',
        this.postRender.start - readDone,
      );
      addPhaseTime(
        'helm.postRenderLabel',
        this.postRender.end - this.postRender.start,
      );
    }
    const writes = requests.filter(r => r.method !== 'GET');
    if (writes.length > 0) {
      addPhaseTime(
        'helm.apply',
        Math.max(...writes.map(r => r.end)) - writes[0].start,
      );
    }
    addPhaseTime('helm.exit', exited - Math.max(...requests.map(r => r.end)));
  }
}
