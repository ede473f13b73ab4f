import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  BatchV1Api,
  CoreV1Api,
  KubeConfig,
  V1Job,
} from '@kubernetes/client-node';
import { ObjectApi } from '../../kubernetes/ObjectApi';
import {
  kubeError,
  kubeStatusCode,
  withKubeError,
} from '../../kubernetes/kubeErrors';
import { abortDeletesJob, KubernetesJobAbortedError } from './abortDeletesJob';
import { deleteJobInBackground } from './deleteJobInBackground';
import { jobManifest } from './jobManifest';
import {
  JOB_RUN_LABEL,
  KubernetesJobRequest,
  KubernetesJobResult,
  WORKFLOW_RUN_LABEL,
} from './KubernetesJobRequest';
import { FollowedJob } from './FollowedJob';
import { KubernetesJobSettings } from './readKubernetesJobSettings';
import { KubernetesJobSlotGate } from './KubernetesJobSlots';

export type {
  KubernetesJobRequest,
  KubernetesJobResult,
} from './KubernetesJobRequest';
export { kubernetesJobName } from './kubernetesJobName';

/** Options of a {@link KubernetesJobRunner}. */
export interface KubernetesJobRunnerOptions {
  /** Berth's access to its clusters (the ClusterRegistry). */
  clusters: { kubeConfig(name: string): KubeConfig };
  settings: Pick<
    KubernetesJobSettings,
    | 'tolerations'
    | 'nodeSelector'
    | 'ttlSecondsAfterFinished'
    | 'pollIntervalMs'
    | 'imagePullTimeoutMs'
  >;
  logger?: LoggerService;
  /** How long the logs may take to be read to the end once the container ended. Default 10000. */
  logDrainMs?: number;
  /**
   * The per-cluster limit (KubernetesJobSlots): a request holds one of its
   * cluster's slots before its Job is created, until the Job ended. Without
   * it, Jobs are not limited.
   */
  slots?: KubernetesJobSlotGate;
}

/**
 * Runs one Kubernetes Job per request and follows it to its end: creates it
 * (a Job of that name already there, from an earlier replica, is adopted,
 * never created twice), follows its pod's log live, and resolves with the
 * container's exit code and termination message once the Job finished and
 * its logs were read; then sets `ttlSecondsAfterFinished`. A Job past its
 * deadline, or whose image cannot be pulled for `imagePullTimeoutMs`, is
 * deleted. An abort rejects with a {@link KubernetesJobAbortedError}, after
 * deleting the Job when the reason is `cancel` or `timeout`.
 *
 * With `slots`, the request first holds one of its cluster's slots (it may
 * wait: `onWaiting`), kept while the Job runs and when the replica stops
 * (the takeover re-attaches with it), freed once the Job ended or was deleted.
 */
export class KubernetesJobRunner {
  constructor(private readonly options: KubernetesJobRunnerOptions) {}

  async run(request: KubernetesJobRequest): Promise<KubernetesJobResult> {
    const manifest = jobManifest(request, this.options.settings);
    const kc = this.options.clusters.kubeConfig(request.cluster);
    const api = {
      batch: kc.makeApiClient(BatchV1Api),
      core: kc.makeApiClient(CoreV1Api),
      objects: ObjectApi.forConfig(kc),
    };
    if (request.signal.aborted) {
      throw new KubernetesJobAbortedError(
        request.name,
        request.signal.reason,
        false,
      );
    }
    const { slots } = this.options;
    const jobRunId = request.labels[JOB_RUN_LABEL];
    if (slots) {
      await slots.acquire({
        cluster: request.cluster,
        namespace: request.namespace,
        jobName: request.name,
        runId: request.labels[WORKFLOW_RUN_LABEL],
        jobRunId,
        signal: request.signal,
        onWaiting: request.onWaiting,
      });
    }
    try {
      const job = await this.createOrAdopt(api.batch, manifest, request);
      const result = await new FollowedJob(
        kc,
        api,
        request,
        job.metadata!.uid!,
        this.options,
      ).untilDone();
      await slots?.release(jobRunId);
      return result;
    } catch (error) {
      // a Job left running for another replica keeps its slot
      const leftRunning =
        error instanceof KubernetesJobAbortedError &&
        !error.deleted &&
        !abortDeletesJob(error.abortReason);
      if (slots && !leftRunning) {
        await slots.release(jobRunId).catch(() => undefined);
      }
      throw error;
    }
  }

  /**
   * Deletes a Job (in the background, with its pods) that an attempt left;
   * nothing when it is gone already.
   */
  async deleteJob(cluster: string, namespace: string, name: string) {
    await deleteJobInBackground(
      ObjectApi.forConfig(this.options.clusters.kubeConfig(cluster)),
      { cluster, namespace, name },
    );
  }

  private async createOrAdopt(
    batch: BatchV1Api,
    manifest: V1Job,
    request: KubernetesJobRequest,
  ): Promise<V1Job> {
    const { name, namespace, cluster } = request;
    try {
      const created = await batch.createNamespacedJob({
        namespace,
        body: manifest,
      });
      request.onProgress?.('created', new Date());
      return created;
    } catch (error) {
      if (kubeStatusCode(error) !== 409) {
        throw kubeError(
          `Could not create Job '${name}' in namespace '${namespace}' of cluster '${cluster}'`,
          error,
        );
      }
    }
    const existing = await withKubeError(
      `Could not read Job '${name}' in namespace '${namespace}' of cluster '${cluster}'`,
      () => batch.readNamespacedJob({ name, namespace }),
    );
    const owner = existing.metadata?.labels?.[JOB_RUN_LABEL];
    if (owner !== request.labels[JOB_RUN_LABEL]) {
      throw new ConflictError(
        `Job '${name}' in namespace '${namespace}' of cluster '${cluster}' belongs to job run '${
          owner ?? 'none'
        }', not '${request.labels[JOB_RUN_LABEL]}'`,
      );
    }
    request.onProgress?.('adopted', new Date());
    return existing;
  }
}
