import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  BERTH_LABELS,
  EventSummary,
  PodSummary,
} from '@berth/plugin-berth-common';
import {
  CoreV1Api,
  CoreV1Event,
  KubeConfig,
  V1Pod,
} from '@kubernetes/client-node';
import {
  kubeError,
  kubeErrorMessage,
  kubeStatusCode,
  withKubeError,
} from './kubeErrors';
import { podHealth, toTime } from './podHealth';

/** How many events {@link listEvents} returns at most. */
export const MAX_EVENTS = 200;

function iso(value: Date | string | undefined): string | undefined {
  const time = toTime(value);
  return time === undefined ? undefined : new Date(time).toISOString();
}

/**
 * A pod as the environment page shows it. `phase` is what `kubectl get pods`
 * shows as status: Terminating, a failure (CrashLoopBackOff, Evicted, ...) or
 * what a container waits for (ContainerCreating, ...), else the pod's phase.
 */
export function podSummary(pod: V1Pod): PodSummary {
  const health = podHealth(pod);
  const waiting = health.ready ? undefined : health.waiting;
  const phase = pod.metadata?.deletionTimestamp
    ? 'Terminating'
    : health.failure ?? waiting ?? health.phase;
  return {
    name: health.name,
    service: pod.metadata?.labels?.[BERTH_LABELS.service],
    phase,
    ready: health.ready,
    restarts: health.restarts,
    node: pod.spec?.nodeName,
    containers: (pod.spec?.containers ?? []).map(c => c.name),
    createdAt: iso(pod.metadata?.creationTimestamp),
  };
}

/** When an event was last seen, from whichever of its timestamps is set. */
function lastSeen(event: CoreV1Event): string | undefined {
  return iso(
    event.lastTimestamp ??
      event.series?.lastObservedTime ??
      event.eventTime ??
      event.metadata?.creationTimestamp,
  );
}

/** An event as the environment page shows it. */
export function eventSummary(event: CoreV1Event): EventSummary {
  const { kind, name } = event.involvedObject ?? {};
  return {
    type: event.type ?? 'Normal',
    reason: event.reason ?? '',
    message: (event.message ?? '').trim(),
    object: `${(kind ?? 'object').toLowerCase()}/${name ?? ''}`,
    count: event.count ?? event.series?.count ?? 1,
    lastSeen: lastSeen(event),
  };
}

/** The items of a namespace that `list` asks the core API for. */
async function listInNamespace<T>(
  kc: KubeConfig,
  namespace: string,
  what: 'pods' | 'events',
  list: (core: CoreV1Api) => Promise<{ items: T[] }>,
): Promise<T[]> {
  const { items } = await withKubeError(
    `Could not list the ${what} of namespace '${namespace}'`,
    () => list(kc.makeApiClient(CoreV1Api)),
  );
  return items;
}

/** The pods of a namespace, by name. */
export async function listPods(
  kc: KubeConfig,
  namespace: string,
): Promise<PodSummary[]> {
  const pods = await listInNamespace(kc, namespace, 'pods', core =>
    core.listNamespacedPod({ namespace }),
  );
  return pods.map(podSummary).sort((a, b) => a.name.localeCompare(b.name));
}

/** The events of a namespace, newest first, at most {@link MAX_EVENTS}. */
export async function listEvents(
  kc: KubeConfig,
  namespace: string,
): Promise<EventSummary[]> {
  const events = await listInNamespace(kc, namespace, 'events', core =>
    core.listNamespacedEvent({ namespace }),
  );
  return events
    .map(eventSummary)
    .sort((a, b) => (toTime(b.lastSeen) ?? 0) - (toTime(a.lastSeen) ?? 0))
    .slice(0, MAX_EVENTS);
}

/**
 * The log of a pod's container (the pod's only container when `container`
 * is not given), its last `tailLines` lines (default 500). NotFoundError for
 * a missing pod, InputError for a missing or not yet started container, and
 * ServiceUnavailableError when the pod's node does not serve logs (as with
 * kwok, whose nodes run no containers).
 */
export async function readPodLogs(
  kc: KubeConfig,
  namespace: string,
  pod: string,
  options: { container?: string; tailLines?: number } = {},
): Promise<string> {
  const tailLines = options.tailLines ?? 500;
  if (!Number.isInteger(tailLines) || tailLines < 1) {
    throw new InputError(
      `tailLines must be a whole number of one or more, not ${tailLines}`,
    );
  }
  const core = kc.makeApiClient(CoreV1Api);
  try {
    return await core.readNamespacedPodLog({
      name: pod,
      namespace,
      container: options.container,
      tailLines,
    });
  } catch (error) {
    const code = kubeStatusCode(error);
    const message = kubeErrorMessage(error);
    if (code === 404) {
      throw new NotFoundError(
        `Pod '${pod}' not found in namespace '${namespace}'`,
      );
    }
    if (code === 400) {
      throw new InputError(`Cannot read the logs of pod '${pod}': ${message}`);
    }
    if (code !== undefined && code >= 500) {
      const node = await core
        .readNamespacedPod({ name: pod, namespace })
        .then(p => p.spec?.nodeName)
        .catch(() => undefined);
      throw new ServiceUnavailableError(
        `The logs of pod '${pod}' are not available: its node${
          node ? ` '${node}'` : ''
        } does not serve container logs (${message})`,
      );
    }
    throw kubeError(`Could not read the logs of pod '${pod}'`, error);
  }
}
