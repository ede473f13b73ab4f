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

/** A request's path without its query, its namespace as `*` and an object's name as `<name>`. */
export function requestKind(path: string): string {
  const bare = path.split('?')[0];
  if (!bare.startsWith('/api')) return bare; // /openapi/..., /version
  const segments = bare.split('/');
  const kind: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    kind.push(segments[i]);
    if (segments[i] === 'namespaces' && i + 1 < segments.length) {
      kind.push('*');
      i++;
    }
  }
  // a name after the resource: /apis/apps/v1/namespaces/*/deployments/<name>
  const core = kind[1] === 'api' ? 5 : 6;
  const hasNamespace = kind.includes('namespaces');
  const limit = hasNamespace ? core + 1 : core - 1;
  if (kind.length > limit) kind.splice(limit, 1, '<name>');
  return kind.join('/');
}

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
    const took = (rs: ProxiedRequest[]) =>
      rs.reduce((sum, r) => sum + (r.end - r.start), 0);
    addPhaseTime('helm.discovery', took(discovery));
    // the OpenAPI schema helm validates manifests with, apart
    const openapi = discovery.filter(r => r.path.startsWith('/openapi'));
    if (openapi.length > 0) {
      addPhaseTime('helm.discovery.openapi', took(openapi));
    }
    addPhaseTime('helm.requests', requests.length);
    for (const r of requests) {
      addPhaseTime(
        `request ${r.method} ${requestKind(r.path)}`,
        r.end - r.start,
      );
    }
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
