import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { KubeConfig } from '@kubernetes/client-node';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HelmError } from './HelmError';
import { KubeObject } from './injectLabels';
import { LabelPostRenderer, startLabelPostRenderer } from './postRenderer';
import { writeKubeconfigFile } from './writeKubeconfigFile';

/** A chart: a local chart directory (or archive), or a chart in a repository. */
export type HelmChart =
  | string
  /** `repoUrl` is an HTTP(S) chart repository, or an `oci://` registry path. */
  | { repoUrl: string; name: string; version: string };

/** Where a Helm command runs. */
export interface HelmTarget {
  kubeConfig: KubeConfig;
  namespace: string;
}

/** What `upgradeInstall` deploys. */
export interface HelmUpgradeInstallOptions extends HelmTarget {
  release: string;
  chart: HelmChart;
  /** Values, passed to Helm as a values file. */
  values?: Record<string, unknown>;
  /**
   * Secret values, passed after `values` as a second values file (mode
   * 0600 in the call's private directory, removed afterwards).
   */
  secretValues?: Record<string, unknown>;
  /**
   * Labels for every rendered object and pod template (a post-renderer adds
   * them). Helm itself sets `app.kubernetes.io/managed-by: Helm` on the
   * objects it creates, over this label; pod templates keep what is given.
   */
  labels?: Record<string, string>;
  /**
   * Labels of the release's storage records (helm's `--labels`; helm merges
   * them into every later revision's), e.g. Berth's ownership labels.
   */
  releaseLabels?: Record<string, string>;
  /** Helm's `--timeout` (default 300). */
  timeoutSeconds?: number;
  /** Helm's `--wait`: until the workloads are ready (default false). */
  wait?: boolean;
  /**
   * Stops Helm when aborted: SIGTERM (Helm then marks the release `failed`),
   * SIGKILL when it has not exited within the runner's `abortGraceMs`. The
   * call rejects with a HelmError that says it was aborted.
   */
  signal?: AbortSignal;
  /**
   * Checks the rendered objects (the release's manifest, not its hooks or
   * `crds/`: Helm 3 does not pass those to post-renderers) before Helm
   * applies anything; when it throws, the call rejects with its error and
   * nothing is applied.
   */
  check?: (objects: KubeObject[]) => Promise<void>;
}

/** A release as `helm list` and `helm status` describe it. */
export interface HelmRelease {
  name: string;
  namespace: string;
  revision: number;
  /** e.g. `deployed`, `failed`, `pending-upgrade`. */
  status: string;
  /** `<chart>-<version>`. */
  chart: string;
  appVersion?: string;
  updated?: string;
  description?: string;
}

/** What {@link HelmRunner.repairPending} did. */
export type HelmRepair =
  | {
      action: 'none';
      /** The latest revision; absent when there is no such release. */
      fromRevision?: number;
      fromStatus?: string;
    }
  | {
      action: 'rolled-back';
      /** The pending revision found. */
      fromRevision: number;
      fromStatus: string;
      /** The revision rolled back to (Helm records the rollback as a new one). */
      toRevision: number;
    }
  | { action: 'uninstalled'; fromRevision: number; fromStatus: string };

const PENDING = ['pending-install', 'pending-upgrade', 'pending-rollback'];
const ROLLBACK_TARGETS = ['deployed', 'superseded'];

const RELEASE_NAME =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const MAX_STDERR = 8000;
/** Environment variables Helm may use from Berth's environment. */
const PASSED_ENV = [
  'PATH',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
];

function assertReleaseName(release: string) {
  if (release.length > 53 || !RELEASE_NAME.test(release)) {
    throw new InputError(
      `Helm release name '${release}' is not valid: at most 53 lower-case letters, digits, '-' and '.', starting and ending with a letter or digit`,
    );
  }
}

const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const CHART_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
// A version or a constraint (`^1.2.0`, `>=1.0.0 <2.0.0`); never a flag.
const CHART_VERSION = /^[A-Za-z0-9^~<>=*][A-Za-z0-9.+_^~<>=*, |-]*$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

function assertNamespace(namespace: string) {
  if (namespace.length > 63 || !NAMESPACE.test(namespace)) {
    throw new InputError(
      `Namespace '${namespace}' is not valid: at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit`,
    );
  }
}

/**
 * Refuses a chart that Helm could take for something else: a path or name
 * that starts with '-' (a flag), control characters, a version or
 * repository URL that is not one.
 */
function assertChart(chart: HelmChart) {
  const refuse = (what: string, value: string): never => {
    throw new InputError(
      `Helm chart ${what} ${JSON.stringify(value)} is not valid`,
    );
  };
  if (typeof chart === 'string') {
    if (!chart || chart.startsWith('-') || CONTROL.test(chart)) {
      refuse('path', chart);
    }
    return;
  }
  if (!CHART_NAME.test(chart.name)) refuse('name', chart.name);
  if (!CHART_VERSION.test(chart.version)) refuse('version', chart.version);
  if (
    !/^(https?|oci):\/\/[^\s/]/.test(chart.repoUrl) ||
    CONTROL.test(chart.repoUrl)
  ) {
    refuse('repository', chart.repoUrl);
  }
}

/**
 * The flags that locate a chart and the chart reference (a positional
 * argument, after `--`).
 */
function helmChartArgs(chart: HelmChart): {
  flags: string[];
  reference: string;
} {
  assertChart(chart);
  if (typeof chart === 'string') {
    return { flags: [], reference: chart };
  }
  const flags = [`--version=${chart.version}`];
  if (chart.repoUrl.startsWith('oci://')) {
    return {
      flags,
      reference: `${chart.repoUrl.replace(/\/+$/, '')}/${chart.name}`,
    };
  }
  return {
    flags: [`--repo=${chart.repoUrl}`, ...flags],
    reference: chart.name,
  };
}

/** A release from `helm history --output json`. */
function historyEntry(
  release: string,
  namespace: string,
  entry: Record<string, any>,
): HelmRelease {
  return {
    name: release,
    namespace,
    revision: Number(entry.revision),
    status: String(entry.status),
    chart: entry.chart,
    appVersion: entry.app_version || undefined,
    updated: entry.updated,
    description: entry.description,
  };
}

function abortReason(signal: AbortSignal): string {
  const reason = signal.reason as { message?: unknown } | undefined;
  return typeof reason?.message === 'string' && reason.message
    ? reason.message
    : String(reason ?? 'aborted');
}

function trimStderr(stderr: string): string {
  const trimmed = stderr.trim();
  return trimmed.length > MAX_STDERR
    ? `…${trimmed.slice(trimmed.length - MAX_STDERR)}`
    : trimmed;
}

const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** helm's `--labels k=v,...`, each label checked (no `,` or `=` can slip in). */
function releaseLabelArgs(labels?: Record<string, string>): string[] {
  const entries = Object.entries(labels ?? {});
  if (entries.length === 0) return [];
  for (const [key, value] of entries) {
    if (!LABEL_KEY.test(key) || !LABEL_VALUE.test(value)) {
      throw new InputError(`Invalid Helm release label ${key}=${value}`);
    }
  }
  return ['--labels', entries.map(([k, v]) => `${k}=${v}`).join(',')];
}

/** The parts of a helm command line; positional arguments go after `--`. */
interface HelmCommandLine {
  args: string[];
  positional: string[];
}

/**
 * Runs the Helm binary against a cluster given as a KubeConfig. Each call
 * gets a private temporary directory (removed afterwards) with a kubeconfig
 * file of mode 0600, the values file and the post-renderer; credentials never
 * appear on the command line or in errors. Positional arguments (release,
 * chart, revision) always follow `--`, so none is read as a flag.
 */
export class HelmRunner {
  constructor(
    private readonly helmPath: string,
    private readonly options: {
      /** Helm's cache (repository indexes, charts); a fresh one per call by default. */
      cacheDir?: string;
      /**
       * Where the per-call directories go (default: the OS's temporary
       * directory); give it the process's private work directory (see
       * `createWorkDir`). It must allow executables: the post-renderer runs
       * there.
       */
      tempDir?: string;
      /** How long an aborted helm may take to exit after SIGTERM before SIGKILL (default 10 000). */
      abortGraceMs?: number;
    } = {},
  ) {}

  /**
   * `helm upgrade --install`; resolves with the release's new revision and
   * its manifest (as rendered and post-rendered, without hooks).
   */
  async upgradeInstall(
    options: HelmUpgradeInstallOptions,
  ): Promise<{ revision: number; status: string; manifest: string }> {
    const { release, chart } = options;
    assertReleaseName(release);
    const timeoutSeconds = options.timeoutSeconds ?? 300;
    const chartArgs = helmChartArgs(chart);

    const stdout = await this.run(
      'upgrade --install',
      options,
      async dir => {
        const valuesFile = join(dir, 'values.json');
        await writeFile(valuesFile, JSON.stringify(options.values ?? {}), {
          mode: 0o600,
        });
        const secretArgs: string[] = [];
        if (options.secretValues) {
          const secretFile = join(dir, 'secret-values.json');
          await writeFile(secretFile, JSON.stringify(options.secretValues), {
            mode: 0o600,
          });
          secretArgs.push('--values', secretFile);
        }
        return {
          args: [
            'upgrade',
            '--install',
            ...releaseLabelArgs(options.releaseLabels),
            ...chartArgs.flags,
            '--values',
            valuesFile,
            ...secretArgs,
            '--timeout',
            `${timeoutSeconds}s`,
            ...(options.wait ? ['--wait'] : []),
            '--output',
            'json',
          ],
          positional: [release, chartArgs.reference],
        };
      },
      {
        timeoutSeconds,
        labels: options.labels,
        release,
        signal: options.signal,
        check: options.check,
      },
    );
    const result = JSON.parse(stdout);
    return {
      revision: Number(result.version),
      status: String(result.info?.status ?? 'unknown'),
      manifest: typeof result.manifest === 'string' ? result.manifest : '',
    };
  }

  /**
   * `helm template` without hooks: the manifest an install of `chart` with
   * `values` (and `labels`, through the same post-renderer) would apply in
   * `namespace`. Needs no cluster.
   */
  async template(
    options: Omit<
      HelmUpgradeInstallOptions,
      'kubeConfig' | 'wait' | 'timeoutSeconds' | 'signal' | 'check'
    >,
  ): Promise<string> {
    const { release, chart } = options;
    assertReleaseName(release);
    const chartArgs = helmChartArgs(chart);
    return this.run(
      'template',
      { namespace: options.namespace },
      async dir => {
        const valuesFile = join(dir, 'values.json');
        await writeFile(valuesFile, JSON.stringify(options.values ?? {}), {
          mode: 0o600,
        });
        return {
          args: [
            'template',
            ...chartArgs.flags,
            '--values',
            valuesFile,
            '--no-hooks',
          ],
          positional: [release, chartArgs.reference],
        };
      },
      { labels: options.labels, release },
    );
  }

  /** `helm uninstall`; NotFoundError when there is no such release. */
  async uninstall(
    options: HelmTarget & {
      release: string;
      wait?: boolean;
      timeoutSeconds?: number;
      signal?: AbortSignal;
    },
  ): Promise<void> {
    assertReleaseName(options.release);
    const timeoutSeconds = options.timeoutSeconds ?? 300;
    await this.run(
      'uninstall',
      options,
      async () => ({
        args: [
          'uninstall',
          '--timeout',
          `${timeoutSeconds}s`,
          ...(options.wait ? ['--wait'] : []),
        ],
        positional: [options.release],
      }),
      { timeoutSeconds, release: options.release, signal: options.signal },
    );
  }

  /** The releases in a namespace, in every state (`helm list --all`). */
  async list(options: HelmTarget): Promise<HelmRelease[]> {
    const stdout = await this.run('list', options, async () => ({
      args: ['list', '--all', '--output', 'json'],
      positional: [],
    }));
    const listed: Array<Record<string, string>> = JSON.parse(stdout || '[]');
    return listed.map(r => ({
      name: r.name,
      namespace: r.namespace,
      revision: Number(r.revision),
      status: r.status,
      chart: r.chart,
      appVersion: r.app_version || undefined,
      updated: r.updated,
    }));
  }

  /**
   * The release's current revision (`helm history --max 1`, which, unlike
   * `helm status`, names the chart); NotFoundError when there is no such
   * release.
   */
  async status(
    options: HelmTarget & { release: string },
  ): Promise<HelmRelease> {
    const [latest] = await this.historyOf(options, 1);
    if (!latest) {
      throw new NotFoundError(
        `Helm release '${options.release}' not found in namespace '${options.namespace}'`,
      );
    }
    return latest;
  }

  /**
   * Every revision of a release, oldest first (`helm history`);
   * NotFoundError when there is no such release.
   */
  async history(
    options: HelmTarget & { release: string },
  ): Promise<HelmRelease[]> {
    const revisions = await this.historyOf(options, 2147483647);
    if (revisions.length === 0) {
      throw new NotFoundError(
        `Helm release '${options.release}' not found in namespace '${options.namespace}'`,
      );
    }
    return revisions;
  }

  /**
   * Repairs a release that a helm process left `pending-install`,
   * `pending-upgrade` or `pending-rollback` (it was killed, or lost its
   * cluster), which makes Helm refuse every later change: rolls back to the
   * newest earlier revision that was `deployed` or `superseded` (without
   * waiting), or uninstalls the release when there is none. Does nothing for
   * a release that is not pending, or that does not exist.
   *
   * Call it only while no helm process can be working on the release (the
   * environment's operation lock): a release pending because helm is still
   * running looks the same.
   */
  async repairPending(
    options: HelmTarget & { release: string; signal?: AbortSignal },
  ): Promise<HelmRepair> {
    let revisions: HelmRelease[];
    try {
      revisions = await this.history(options);
    } catch (error) {
      if ((error as Error).name === 'NotFoundError') return { action: 'none' };
      throw error;
    }
    const latest = revisions[revisions.length - 1];
    const from = { fromRevision: latest.revision, fromStatus: latest.status };
    if (!PENDING.includes(latest.status)) {
      return { action: 'none', ...from };
    }
    const target = revisions
      .filter(
        r =>
          r.revision < latest.revision && ROLLBACK_TARGETS.includes(r.status),
      )
      .sort((a, b) => b.revision - a.revision)[0];
    if (!target) {
      await this.uninstall({ ...options, signal: options.signal });
      return { action: 'uninstalled', ...from };
    }
    await this.run(
      'rollback',
      options,
      async () => ({
        args: ['rollback', '--wait=false'],
        positional: [options.release, String(target.revision)],
      }),
      { release: options.release, signal: options.signal },
    );
    return { action: 'rolled-back', ...from, toRevision: target.revision };
  }

  private async historyOf(
    options: HelmTarget & { release: string },
    max: number,
  ): Promise<HelmRelease[]> {
    assertReleaseName(options.release);
    const stdout = await this.run(
      'history',
      options,
      async () => ({
        args: ['history', '--max', String(max), '--output', 'json'],
        positional: [options.release],
      }),
      { release: options.release },
    );
    return (JSON.parse(stdout || '[]') as Array<Record<string, any>>)
      .map(entry => historyEntry(options.release, options.namespace, entry))
      .sort((a, b) => a.revision - b.revision);
  }

  private async run(
    command: string,
    target: Pick<HelmTarget, 'namespace'> & { kubeConfig?: KubeConfig },
    makeArgs: (dir: string) => Promise<HelmCommandLine>,
    extra: {
      timeoutSeconds?: number;
      labels?: Record<string, string>;
      release?: string;
      signal?: AbortSignal;
      check?: (objects: KubeObject[]) => Promise<void>;
    } = {},
  ): Promise<string> {
    assertNamespace(target.namespace);
    const what = extra.release
      ? `release '${extra.release}' in namespace '${target.namespace}'`
      : `namespace '${target.namespace}'`;
    if (extra.signal?.aborted) {
      throw new HelmError(
        `helm ${command} for ${what} was aborted before it started: ${abortReason(
          extra.signal,
        )}`,
        '',
      );
    }
    const dir = await mkdtemp(
      join(this.options.tempDir ?? tmpdir(), 'berth-helm-'),
    );
    let postRenderer: LabelPostRenderer | undefined;
    try {
      const { args, positional } = await makeArgs(dir);
      if (
        (extra.labels && Object.keys(extra.labels).length > 0) ||
        extra.check
      ) {
        postRenderer = await startLabelPostRenderer(dir, extra.labels ?? {}, {
          check: extra.check,
        });
        args.push('--post-renderer', postRenderer.executable);
      }
      if (target.kubeConfig) {
        const kubeconfig = await writeKubeconfigFile(target.kubeConfig, dir);
        args.push('--kubeconfig', kubeconfig);
      }
      args.push('--namespace', target.namespace, '--', ...positional);
      return await this.exec(
        args,
        dir,
        (extra.timeoutSeconds ?? 60) + 60,
        extra.signal,
      );
    } catch (error) {
      throw (
        postRenderer?.refusal() ??
        this.describe(error, command, what, target.namespace, extra)
      );
    } finally {
      await postRenderer?.close();
      await rm(dir, { recursive: true, force: true });
    }
  }

  private exec(
    args: string[],
    dir: string,
    timeoutSeconds: number,
    signal?: AbortSignal,
  ) {
    const env: Record<string, string> = {
      HOME: dir,
      HELM_CACHE_HOME: this.options.cacheDir ?? join(dir, 'cache'),
      HELM_CONFIG_HOME: join(dir, 'config'),
      HELM_DATA_HOME: join(dir, 'data'),
    };
    for (const name of PASSED_ENV) {
      const value = process.env[name];
      if (value !== undefined) env[name] = value;
    }
    return new Promise<string>((resolve, reject) => {
      let aborted = false;
      let stopListening = () => {};
      // Calls back once helm has exited (not when it is signalled).
      const child = execFile(
        this.helmPath,
        args,
        {
          env,
          cwd: dir,
          timeout: timeoutSeconds * 1000,
          maxBuffer: 256 * 1024 * 1024,
        },
        (error, stdout, stderr) => {
          stopListening();
          if (aborted) {
            reject(
              Object.assign(error ?? new Error('aborted'), {
                stderr: String(stderr),
                aborted: true,
              }),
            );
          } else if (error) {
            reject(Object.assign(error, { stderr: String(stderr) }));
          } else {
            resolve(String(stdout));
          }
        },
      );
      if (signal) {
        let forceKill: NodeJS.Timeout | undefined;
        const onAbort = () => {
          aborted = true;
          child.kill('SIGTERM');
          forceKill = setTimeout(
            () => child.kill('SIGKILL'),
            this.options.abortGraceMs ?? 10_000,
          );
        };
        signal.addEventListener('abort', onAbort, { once: true });
        stopListening = () => {
          signal.removeEventListener('abort', onAbort);
          clearTimeout(forceKill);
        };
        if (signal.aborted) onAbort();
      }
    });
  }

  private describe(
    error: unknown,
    command: string,
    what: string,
    namespace: string,
    extra: { release?: string; signal?: AbortSignal },
  ): Error {
    // Errors of child_process come from Node's realm: no instanceof checks.
    if (typeof error !== 'object' || error === null || !('stderr' in error)) {
      return error as Error;
    }
    const e = error as Error & {
      stderr: string;
      code?: number | string;
      killed?: boolean;
      aborted?: boolean;
    };
    const stderr = trimStderr(e.stderr);
    if (e.aborted) {
      return new HelmError(
        `helm ${command} for ${what} was aborted (${abortReason(
          extra.signal!,
        )}) and stopped${stderr ? `: ${stderr}` : ''}`,
        stderr,
      );
    }
    if (typeof e.code === 'string') {
      return new HelmError(
        `Could not run helm (${this.helmPath}) for ${what}: ${e.message}`,
        stderr,
      );
    }
    if (e.killed) {
      return new HelmError(
        `helm ${command} for ${what} did not finish in time and was stopped${
          stderr ? `: ${stderr}` : ''
        }`,
        stderr,
      );
    }
    if (/release: not found/.test(stderr)) {
      return new NotFoundError(
        `Helm release '${extra.release}' not found in namespace '${namespace}'`,
      );
    }
    if (
      /another operation \(install\/upgrade\/rollback\) is in progress/.test(
        stderr,
      )
    ) {
      return new ConflictError(`Helm is already changing ${what}: ${stderr}`);
    }
    // Helm's lookup returns an empty object only for NotFound; a Forbidden
    // answer fails the whole render, before anything is applied.
    const forbiddenLookup =
      /error calling lookup: ([^\n]*forbidden[^\n]*)/.exec(stderr);
    if (forbiddenLookup) {
      return new NotAllowedError(
        `helm ${command} for ${what} refused: a template calls lookup on an object the deploying identity may not read, so nothing was rendered or applied: ${forbiddenLookup[1]}`,
      );
    }
    return new HelmError(
      `helm ${command} failed for ${what}: ${stderr || e.message}`,
      stderr,
      typeof e.code === 'number' ? e.code : undefined,
    );
  }
}
