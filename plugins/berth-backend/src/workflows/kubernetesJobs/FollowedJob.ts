import {
  BatchV1Api,
  CoreV1Api,
  KubeConfig,
  V1Job,
  V1Pod,
} from '@kubernetes/client-node';
import { ObjectApi } from '../../kubernetes/ObjectApi';
import {
  kubeError,
  kubeStatusCode,
  withKubeError,
} from '../../kubernetes/kubeErrors';
import { abortDeletesJob, KubernetesJobAbortedError } from './abortDeletesJob';
import { deleteJobInBackground } from './deleteJobInBackground';
import { pauseUnlessAborted } from './pauseUnlessAborted';
import {
  finishedCondition,
  HOPELESS_WAITING,
  jobOutcome,
  PodView,
  PULL_WAITING,
  viewPod,
} from './jobOutcome';
import type { KubernetesJobRunnerOptions } from './KubernetesJobRunner';
import {
  KubernetesJobRequest,
  KubernetesJobResult,
} from './KubernetesJobRequest';
import { PodLogFollower } from './PodLogFollower';
import { endOfMillisecondNs, TimestampedLogLines } from './timestampedLogLines';

const FIELD_MANAGER = 'berth-workflows';
const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
/** How long reading the Job may fail in a row before the run fails. */
const READ_FAILURE_GRACE_MS = 60_000;
/** How long the log of a pod that was removed may take to end. */
const GONE_POD_DRAIN_MS = 2_000;

function time(pod: V1Pod): number {
  const created = pod.metadata?.creationTimestamp;
  return created ? new Date(created).getTime() : 0;
}

/** One Job followed by one runner call. */
export class FollowedJob {
  private readonly lines: TimestampedLogLines;
  private follower?: PodLogFollower;
  private lastPod?: PodView;
  private podDeletedEarly = false;
  private pullWaitingSince?: number;

  constructor(
    private readonly kc: KubeConfig,
    private readonly api: {
      batch: BatchV1Api;
      core: CoreV1Api;
      objects: ObjectApi;
    },
    private readonly request: KubernetesJobRequest,
    private readonly uid: string,
    private readonly options: KubernetesJobRunnerOptions,
  ) {
    this.lines = new TimestampedLogLines(
      (text, at) => request.onLog(text, at),
      request.sinceTime ? endOfMillisecondNs(request.sinceTime) : undefined,
    );
  }

  async untilDone(): Promise<KubernetesJobResult> {
    const { signal } = this.request;
    try {
      let failingSince: number | undefined;
      for (;;) {
        if (signal.aborted) return await this.aborted();
        let job: V1Job | undefined;
        let pod: PodView | undefined;
        try {
          job = await this.readJob();
          pod = viewPod(await this.readPod());
          failingSince = undefined;
        } catch (error) {
          // a cluster that does not answer for a while does not fail the job
          failingSince ??= Date.now();
          if (Date.now() - failingSince > READ_FAILURE_GRACE_MS) throw error;
          this.options.logger?.warn(String((error as Error)?.message ?? error));
          await this.pause();
          continue;
        }
        if (pod) this.notePod(pod, job);
        if (!job || finishedCondition(job)) return await this.finished(job);
        const givenUp = this.unpullable(pod);
        if (givenUp) return await this.giveUp(givenUp);
        await this.pause();
      }
    } finally {
      this.follower?.stop();
    }
  }

  private notePod(pod: PodView, job: V1Job | undefined): void {
    if (pod.started && !this.follower) {
      this.request.onProgress?.('running', new Date());
      this.follower = new PodLogFollower(
        this.kc,
        {
          namespace: this.request.namespace,
          pod: this.podName!,
          container: this.containerName!,
        },
        this.lines,
        this.options.logger,
      );
    }
    if (pod.deleting && !pod.terminated && !(job && finishedCondition(job))) {
      this.podDeletedEarly = true;
    }
    this.lastPod = pod;
  }

  private podName?: string;
  private containerName?: string;

  private async readJob(): Promise<V1Job | undefined> {
    const { name, namespace, cluster } = this.request;
    try {
      const job = await this.api.batch.readNamespacedJob({ name, namespace });
      return job.metadata?.uid === this.uid ? job : undefined;
    } catch (error) {
      if (kubeStatusCode(error) === 404) return undefined;
      throw kubeError(
        `Could not read Job '${name}' in namespace '${namespace}' of cluster '${cluster}'`,
        error,
      );
    }
  }

  /** The Job's newest pod (with backoffLimit 0 there is one). */
  private async readPod(): Promise<V1Pod | undefined> {
    const { name, namespace, cluster } = this.request;
    const { items } = await withKubeError(
      `Could not list the pods of Job '${name}' in namespace '${namespace}' of cluster '${cluster}'`,
      () =>
        this.api.core.listNamespacedPod({
          namespace,
          labelSelector: `${JOB_NAME_LABEL}=${name}`,
        }),
    );
    const mine = items
      .filter(p => p.metadata?.ownerReferences?.some(o => o.uid === this.uid))
      .sort((a, b) => time(b) - time(a));
    const pod = mine[0];
    if (pod) {
      this.podName = pod.metadata!.name!;
      this.containerName = pod.spec!.containers[0].name;
    } else if (this.podName && this.lastPod && !this.lastPod.terminated) {
      this.podDeletedEarly = true;
    }
    return pod;
  }

  /** A reason to give the Job up when its pod cannot get its image. */
  private unpullable(
    pod: PodView | undefined,
  ): { reason: string; message?: string } | undefined {
    const waiting = pod?.waiting;
    if (waiting && HOPELESS_WAITING.includes(waiting.reason)) return waiting;
    if (!waiting || !PULL_WAITING.includes(waiting.reason)) {
      this.pullWaitingSince = undefined;
      return undefined;
    }
    this.pullWaitingSince ??= Date.now();
    return Date.now() - this.pullWaitingSince >=
      this.options.settings.imagePullTimeoutMs
      ? waiting
      : undefined;
  }

  private async finished(job: V1Job | undefined): Promise<KubernetesJobResult> {
    const outcome = jobOutcome(job, this.lastPod, this.podDeletedEarly);
    // a pod that is gone has no more log to give: do not wait long for it
    const podGone = ['DeadlineExceeded', 'PodDeleted', 'JobDeleted'].includes(
      outcome.reason ?? '',
    );
    const logsComplete = this.follower
      ? await this.follower.finish(
          podGone ? GONE_POD_DRAIN_MS : this.options.logDrainMs ?? 10_000,
        )
      : false;
    if (job && outcome.reason === 'DeadlineExceeded') {
      await this.deleteJob();
    } else if (job) {
      await this.setTtl();
    }
    return { ...outcome, logsComplete };
  }

  private async giveUp(waiting: {
    reason: string;
    message?: string;
  }): Promise<KubernetesJobResult> {
    await this.deleteJob();
    return {
      exitCode: -1,
      reason: waiting.reason,
      ...(waiting.message ? { terminationMessage: waiting.message } : {}),
      logsComplete: false,
    };
  }

  private async aborted(): Promise<never> {
    const reason = this.request.signal.reason;
    this.follower?.stop();
    const deletes = abortDeletesJob(reason);
    if (deletes) await this.deleteJob();
    throw new KubernetesJobAbortedError(this.request.name, reason, deletes);
  }

  private deleteJob(): Promise<void> {
    return deleteJobInBackground(this.api.objects, this.request);
  }

  /** Lets Kubernetes remove the finished Job (and its pod) after a while: the logs are stored. */
  private async setTtl(): Promise<void> {
    const { name, namespace } = this.request;
    try {
      await this.api.objects.mergePatch(
        {
          apiVersion: 'batch/v1',
          kind: 'Job',
          metadata: { name, namespace },
          spec: {
            ttlSecondsAfterFinished:
              this.options.settings.ttlSecondsAfterFinished,
          },
        } as V1Job,
        { fieldManager: FIELD_MANAGER },
      );
    } catch (error) {
      if (kubeStatusCode(error) === 404) return;
      this.options.logger?.warn(
        `Could not set ttlSecondsAfterFinished of Job '${name}' in namespace '${namespace}': ${String(
          (error as Error)?.message ?? error,
        )}`,
      );
    }
  }

  /** Waits one poll interval, or less when the signal aborts. */
  private pause(): Promise<void> {
    return pauseUnlessAborted(
      this.options.settings.pollIntervalMs,
      this.request.signal,
    );
  }
}
