import { KubeConfig } from '@kubernetes/client-node';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeApiProxy, runHelm, startKubeApiProxy } from '../../helmCli';
import { HelmError } from '../HelmError';
import { KubeObject } from '../injectLabels';
import { LabelPostRenderer, startLabelPostRenderer } from '../postRenderer';
import { writeKubeconfigFile } from '../writeKubeconfigFile';
import { assertNamespace } from './helmArgs';
import { proxiedKubeConfig } from './proxiedKubeConfig';
import { abortReason, describeHelmFailure } from './describeHelmFailure';
import { HelmRunnerOptions } from './types';
import { HelmCallTimeline } from './helmCallTimeline';
import { addPhaseTime, profiling } from '../../shared/deployProfile';

/** The parts of a helm command line; positional arguments go after `--`. */
export interface HelmCommandLine {
  args: string[];
  positional: string[];
}

/** What one helm call needs besides its command line. */
export interface HelmCallOptions {
  /** e.g. `upgrade --install`, for messages. */
  command: string;
  namespace: string;
  /** The cluster; helm reaches it through the loopback API proxy. */
  kubeConfig?: KubeConfig;
  /** Builds the command line; `dir` is the call's private directory. */
  makeArgs: (dir: string) => Promise<HelmCommandLine>;
  timeoutSeconds?: number;
  labels?: Record<string, string>;
  release?: string;
  signal?: AbortSignal;
  check?: (objects: KubeObject[]) => Promise<void>;
}

/** Runs one helm command; see {@link createHelmCall}. */
export type HelmCall = (options: HelmCallOptions) => Promise<string>;

/**
 * One helm call against a cluster: a private temporary directory (removed
 * afterwards) with the values files, the label post-renderer and a
 * kubeconfig of mode 0600 that points helm at a loopback API proxy (see
 * `startKubeApiProxy`) with a token of this call only; the cluster's
 * credentials never reach helm, its command line or errors. Positional
 * arguments follow `--`, so none is read as a flag.
 */
export function createHelmCall(
  helmPath: string,
  runnerOptions: HelmRunnerOptions,
): HelmCall {
  return async options => {
    const { command, namespace, signal } = options;
    assertNamespace(namespace);
    const what = options.release
      ? `release '${options.release}' in namespace '${namespace}'`
      : `namespace '${namespace}'`;
    if (signal?.aborted) {
      throw new HelmError(
        `helm ${command} for ${what} was aborted before it started: ${abortReason(
          signal,
        )}`,
        '',
      );
    }
    const dir = await mkdtemp(
      join(runnerOptions.tempDir ?? tmpdir(), 'berth-helm-'),
    );
    let postRenderer: LabelPostRenderer | undefined;
    let proxy: KubeApiProxy | undefined;
    // where this call's time goes, when a deploy profile is collected
    const timeline = profiling() ? new HelmCallTimeline() : undefined;
    const setupStart = performance.now();
    try {
      const { args, positional } = await options.makeArgs(dir);
      const labels = options.labels ?? {};
      if (Object.keys(labels).length > 0 || options.check) {
        postRenderer = await startLabelPostRenderer(dir, labels, {
          check: options.check,
          observe:
            timeline && ((start, end) => timeline.postRendered(start, end)),
        });
        args.push('--post-renderer', postRenderer.executable);
      }
      if (options.kubeConfig) {
        proxy = await startKubeApiProxy(
          options.kubeConfig,
          timeline && (request => timeline.request(request)),
        );
        const kubeconfig = await writeKubeconfigFile(
          proxiedKubeConfig(options.kubeConfig, proxy),
          dir,
        );
        args.push('--kubeconfig', kubeconfig);
      }
      args.push('--namespace', namespace, '--', ...positional);
      addPhaseTime('helm.setup', performance.now() - setupStart);
      timeline?.spawn();
      return await runHelm({
        helm: helmPath,
        args,
        dir,
        cacheDir: runnerOptions.cacheDir,
        timeoutMs: ((options.timeoutSeconds ?? 60) + 60) * 1000,
        signal,
        abortGraceMs: runnerOptions.abortGraceMs,
      });
    } catch (error) {
      throw (
        postRenderer?.refusal() ??
        describeHelmFailure(error, {
          helmPath,
          command,
          what,
          namespace,
          release: options.release,
          signal,
        })
      );
    } finally {
      timeline?.report();
      await postRenderer?.close();
      await proxy?.close();
      await rm(dir, { recursive: true, force: true });
    }
  };
}
