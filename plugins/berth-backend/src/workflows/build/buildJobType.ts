import { InputError } from '@backstage/errors';
import { BerthJobContext, BerthJobType } from '@berth/plugin-berth-node';
import { V1PodSpec } from '@kubernetes/client-node';
import { RegistryConfig, RegistryEntry } from '../../registries/RegistryConfig';
import {
  BuildJobInput,
  buildJobInputSchema,
  BuildSpec,
  defaultTag,
} from './buildJobInput';
import { BuildConfig } from './buildConfig';
import {
  BuildFailedError,
  BuildOutputs,
  buildOutputSchema,
  parseBuildTerminationMessage,
} from './buildOutputs';
import { buildkitPod } from './buildkitPod';
import { RunKubernetesJob, WORKFLOW_JOB_LABELS } from './kubernetesJobContract';
import { localBuilderPod } from './localBuilderPod';
import { showSlotWait } from '../kubernetesJobs/showSlotWait';
import { EnsurePushSecret } from './pushSecret';

/** What the build job type needs from the rest of the backend. */
export interface BuildJobTypeDeps {
  config: BuildConfig;
  registries: Pick<RegistryConfig, 'forHost' | 'allows'>;
  runKubernetesJob: RunKubernetesJob;
  /** The runner's deterministic Job name (<= 63 characters). */
  kubernetesJobName(runId: string, job: string, attempt: number): string;
  /** Applies the push Secret of a registry with credentials (BuildKit builds). */
  ensurePushSecret: EnsurePushSecret;
}

/** The params with the defaults of the config applied. */
export function resolveBuildSpec(
  params: BuildJobInput,
  config: BuildConfig,
): BuildSpec {
  return {
    repo: params.repo,
    revision: params.revision,
    image: params.image,
    tag: params.tag ?? defaultTag(params.revision),
    context: params.context,
    file: params.file,
    builder: params.builder ?? config.defaultBuilder,
    buildArgs: params.buildArgs ?? {},
  };
}

/** The registry host of an image name, if it names one (`host[:port]/path`). */
export function imageHost(image: string): string | undefined {
  const [first, ...rest] = image.split('/');
  return rest.length > 0 && (/[.:]/.test(first) || first === 'localhost')
    ? first
    : undefined;
}

/** The checkpoint a build attempt saves: the Kubernetes Job it runs (re-attached on resume). */
interface BuildCheckpoint {
  kubernetesJob: string;
}

/**
 * The `build` job type: a Kubernetes Job that checks out a Git revision,
 * builds an image and pushes it (the local builder on the local clusters,
 * rootless BuildKit in production); outputs `image`, `digest`, `commit`
 * (when known) and `reference` (`name@digest`, for deploys pinned by digest).
 */
export function createBuildJobType(
  deps: BuildJobTypeDeps,
): BerthJobType<BuildJobInput, BuildOutputs> {
  const { config } = deps;
  return {
    name: 'Build an image',
    description:
      'Builds an image from a Git revision in a Kubernetes Job and pushes it; outputs image and digest.',
    inputSchema: buildJobInputSchema,
    outputSchema: buildOutputSchema,
    async run(ctx: BerthJobContext<BuildJobInput>) {
      const spec = resolveBuildSpec(ctx.params, config);
      const cluster = config.cluster;
      if (!cluster) {
        throw new InputError(
          'berth.workflows.build.cluster is not set: build jobs have no cluster to run on',
        );
      }
      const registry = registryOf(spec.image, ctx, cluster);
      const pod = await podFor(spec, registry, cluster);
      const saved = ctx.checkpoint.saved as BuildCheckpoint | undefined;
      const name =
        ctx.resumed && saved?.kubernetesJob
          ? saved.kubernetesJob
          : deps.kubernetesJobName(ctx.run.runId, ctx.run.job, ctx.run.attempt);
      if (!ctx.resumed || !saved) {
        await ctx.checkpoint.save({
          kubernetesJob: name,
        } satisfies BuildCheckpoint);
      }
      ctx.logger.info(
        `${ctx.resumed ? 'Re-attaching to' : 'Starting'} build ${name} (${
          spec.builder
        }) of ${spec.repo} at ${spec.revision} -> ${spec.image}:${
          spec.tag
        } on ${cluster}/${config.namespace}`,
      );
      const result = await deps.runKubernetesJob({
        cluster,
        namespace: config.namespace,
        name,
        labels: {
          [WORKFLOW_JOB_LABELS.run]: ctx.run.runId,
          [WORKFLOW_JOB_LABELS.jobRun]: ctx.run.jobRunId,
        },
        pod,
        timeoutSeconds: config.timeoutSeconds,
        onLog: text => ctx.logger.info(text),
        // the cluster's Kubernetes Job slots (maxKubernetesJobsPerCluster)
        onWaiting: showSlotWait(ctx),
        signal: ctx.signal,
      });
      if (result.exitCode !== 0) {
        let why = '';
        try {
          parseBuildTerminationMessage(result.terminationMessage);
        } catch (error) {
          why = `: ${(error as Error).message}`;
        }
        throw new BuildFailedError(
          `The build ${name} exited with code ${result.exitCode}${
            result.reason ? ` (${result.reason})` : ''
          }${why}`,
        );
      }
      const outputs = parseBuildTerminationMessage(result.terminationMessage);
      for (const [key, value] of Object.entries(outputs)) {
        ctx.output(key, value);
      }
      ctx.output('reference', `${spec.image}@${outputs.digest}`);
      ctx.logger.info(`Built ${outputs.image}@${outputs.digest}`);
    },
  };

  /** The configured registry of the image's host, if any; refused when the project may not use it. */
  function registryOf(
    image: string,
    ctx: BerthJobContext<BuildJobInput>,
    cluster: string,
  ): RegistryEntry | undefined {
    const host = imageHost(image);
    const registry = host ? deps.registries.forHost(host) : undefined;
    if (
      registry &&
      !deps.registries.allows(registry, {
        cluster,
        projectRef: ctx.run.projectRef,
      })
    ) {
      throw new InputError(
        `Image registry '${registry.name}' may not be used by '${ctx.run.projectRef}' on cluster '${cluster}' (berth.registries)`,
      );
    }
    if (registry?.password) ctx.mask(registry.password);
    return registry;
  }

  async function podFor(
    spec: BuildSpec,
    registry: RegistryEntry | undefined,
    cluster: string,
  ): Promise<V1PodSpec> {
    if (spec.builder === 'local') return localBuilderPod(spec, config);
    const pushSecret = registry?.username
      ? await deps.ensurePushSecret(cluster, config.namespace, registry)
      : undefined;
    return buildkitPod(spec, config, {
      pushSecret,
      insecure: Boolean(registry?.insecure || registry?.plainHttp),
    });
  }
}
