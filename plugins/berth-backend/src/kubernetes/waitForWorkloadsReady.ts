import { CustomErrorBase } from '@backstage/errors';
import { AppsV1Api, KubernetesObject } from '@kubernetes/client-node';
import { BoundedWatch } from './BoundedWatch';
import { isClusterTimeout } from './ClusterTimeoutError';
import { kubeStatusCode } from './kubeErrors';
import { livenessIntervalMs, requestSettingsOf } from './requestSettings';
import {
  listWorkloads,
  WORKLOAD_KINDS,
  WorkloadKindSpec,
  WorkloadTarget,
} from './workloadKinds';
import {
  describeReadiness,
  Workload,
  WorkloadKind,
  WorkloadReadiness,
  workloadReadiness,
} from './workloadReadiness';

/** Workloads did not become ready in time. */
export class WorkloadsNotReadyError extends CustomErrorBase {
  name = 'WorkloadsNotReadyError' as const;

  constructor(message: string, readonly notReady: WorkloadReadiness[]) {
    super(message);
  }
}

/** One wait: lists each kind, then follows the kinds that have objects with a watch. */
class ReadinessWait {
  private readonly apps: AppsV1Api;
  private readonly watch: BoundedWatch;
  private readonly states = new Map<string, WorkloadReadiness>();
  private readonly listed = new Set<WorkloadKind>();
  private readonly watches = new Set<AbortController>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private lastError?: Error;
  private finished = false;
  private settle?: (error?: Error) => void;

  constructor(
    private readonly options: WorkloadTarget & {
      timeoutMs: number;
      signal?: AbortSignal;
    },
  ) {
    this.apps = options.kubeConfig.makeApiClient(AppsV1Api);
    // A silent watch ends after this long and the kind is listed anew: a
    // request bounded by the request timeout, so that a cluster that stops
    // answering fails the wait instead of leaving it to its deadline.
    const { requestTimeoutMs } = requestSettingsOf(options.kubeConfig);
    this.watch = new BoundedWatch(options.kubeConfig, {
      idleTimeoutMs: livenessIntervalMs(requestTimeoutMs),
    });
  }

  run(): Promise<WorkloadReadiness[]> {
    const { signal, timeoutMs } = this.options;
    return new Promise<WorkloadReadiness[]>((resolve, reject) => {
      const onAbort = () =>
        this.finish(
          signal?.reason instanceof Error
            ? signal.reason
            : new Error('The wait for workloads was aborted'),
        );
      const deadline = setTimeout(() => this.timedOut(), timeoutMs);
      this.settle = error => {
        clearTimeout(deadline);
        signal?.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve(this.current());
      };
      if (signal?.aborted) {
        onAbort();
        return;
      }
      signal?.addEventListener('abort', onAbort);
      WORKLOAD_KINDS.forEach(spec => this.follow(spec));
    });
  }

  private current(): WorkloadReadiness[] {
    return [...this.states.values()].sort(
      (a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name),
    );
  }

  private finish(error?: Error) {
    if (this.finished) return;
    this.finished = true;
    this.watches.forEach(w => w.abort());
    this.timers.forEach(t => clearTimeout(t));
    this.settle?.(error);
  }

  private check() {
    if (
      this.listed.size === WORKLOAD_KINDS.length &&
      [...this.states.values()].every(r => r.done)
    ) {
      this.finish();
    }
  }

  private timedOut() {
    const { namespace, selector, timeoutMs } = this.options;
    const notReady = this.current().filter(r => !r.done);
    const unread = WORKLOAD_KINDS.filter(k => !this.listed.has(k.kind)).map(
      k =>
        `${k.plural} not read${
          this.lastError ? `: ${this.lastError.message}` : ''
        }`,
    );
    this.finish(
      new WorkloadsNotReadyError(
        `Timed out after ${timeoutMs} ms waiting for the workloads of namespace '${namespace}' (${selector}) to be ready: ${[
          ...notReady.map(describeReadiness),
          ...unread,
        ].join('; ')}`,
        notReady,
      ),
    );
  }

  private retry(spec: WorkloadKindSpec, delayMs: number) {
    if (this.finished) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.follow(spec);
    }, delayMs);
    this.timers.add(timer);
  }

  private update(
    spec: WorkloadKindSpec,
    type: string,
    object: KubernetesObject,
  ) {
    const id = `${spec.kind}/${object.metadata?.name ?? ''}`;
    if (type === 'DELETED') {
      this.states.delete(id);
    } else if (type === 'ADDED' || type === 'MODIFIED') {
      this.states.set(
        id,
        workloadReadiness({ kind: spec.kind, object } as Workload),
      );
    }
  }

  private async follow(spec: WorkloadKindSpec) {
    if (this.finished) return;
    const { namespace, selector } = this.options;
    let list: Awaited<ReturnType<WorkloadKindSpec['list']>>;
    try {
      list = await listWorkloads(spec, this.apps, namespace, selector);
    } catch (error) {
      this.lastError = error as Error;
      const code = kubeStatusCode(error);
      // refused (403, ...), or the cluster stopped answering: waiting longer
      // will not help
      if (
        isClusterTimeout(error) ||
        (code !== undefined && code !== 429 && code < 500)
      ) {
        this.finish(error as Error);
      } else {
        this.retry(spec, 1000);
      }
      return;
    }
    for (const id of [...this.states.keys()]) {
      if (id.startsWith(`${spec.kind}/`)) this.states.delete(id);
    }
    for (const item of list.items) {
      this.update(spec, 'ADDED', item as KubernetesObject);
    }
    this.listed.add(spec.kind);
    this.check();
    if (this.finished || list.items.length === 0) return;

    const ended = { value: false };
    const path = `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/${
      spec.plural
    }`;
    const controller = await this.watch.watch(
      path,
      {
        labelSelector: selector,
        resourceVersion: list.metadata?.resourceVersion,
        allowWatchBookmarks: true,
      },
      (type: string, object: KubernetesObject) => {
        if (this.finished) return;
        this.update(spec, type, object);
        this.check();
      },
      (error: unknown) => {
        ended.value = true;
        if (isClusterTimeout(error)) {
          this.finish(
            error.withContext(
              `Could not watch the ${spec.plural} of namespace '${namespace}'`,
            ),
          );
          return;
        }
        if (error) this.lastError = error as Error;
        // the watch ended (server time-out, silence, error, 410 Gone): list
        // and watch anew
        this.retry(spec, error ? 1000 : 200);
      },
    );
    if (this.finished) {
      controller.abort();
    } else if (!ended.value) {
      this.watches.add(controller);
    }
  }
}

/**
 * Resolves, with their readiness, when every Deployment, StatefulSet and
 * DaemonSet that matches the selector has rolled out: the newest spec
 * observed, all desired replicas updated and ready (see
 * `workloadReadiness`). Rejects with a {@link WorkloadsNotReadyError} that
 * lists what is not ready ("deployment cart: 1/3 ready") after `timeoutMs`,
 * with the signal's reason when aborted, and with a ClusterTimeoutError
 * (naming the cluster) when the cluster stops answering: each list and watch
 * request is bounded by the request timeout, and a watch silent for half of
 * it is listed anew, so that is noticed within 1.5 request timeouts.
 *
 * It lists each kind once and then follows it with a watch (only the kinds
 * that have matching objects), so many concurrent waits cost the API server
 * a few idle watch connections rather than a stream of polls. Workloads of a
 * kind that had none when the wait started are not waited for.
 */
export function waitForWorkloadsReady(
  options: WorkloadTarget & { timeoutMs: number; signal?: AbortSignal },
): Promise<WorkloadReadiness[]> {
  return new ReadinessWait(options).run();
}
