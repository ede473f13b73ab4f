import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { KubeConfig } from '@kubernetes/client-node';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HelmError } from './HelmError';
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
   * Labels for every rendered object and pod template (a post-renderer adds
   * them). Helm itself sets `app.kubernetes.io/managed-by: Helm` on the
   * objects it creates, over this label; pod templates keep what is given.
   */
  labels?: Record<string, string>;
  /** Helm's `--timeout` (default 300). */
  timeoutSeconds?: number;
  /** Helm's `--wait`: until the workloads are ready (default false). */
  wait?: boolean;
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

/** The chart reference and the flags that locate it, for `helm upgrade`. */
function helmChartArgs(chart: HelmChart): string[] {
  if (typeof chart === 'string') {
    return [chart];
  }
  const version = ['--version', chart.version];
  if (chart.repoUrl.startsWith('oci://')) {
    return [`${chart.repoUrl.replace(/\/+$/, '')}/${chart.name}`, ...version];
  }
  return [chart.name, '--repo', chart.repoUrl, ...version];
}

function trimStderr(stderr: string): string {
  const trimmed = stderr.trim();
  return trimmed.length > MAX_STDERR
    ? `…${trimmed.slice(trimmed.length - MAX_STDERR)}`
    : trimmed;
}

/**
 * Runs the Helm binary against a cluster given as a KubeConfig. Each call
 * gets a private temporary directory (removed afterwards) with a kubeconfig
 * file of mode 0600, the values file and the post-renderer; credentials never
 * appear on the command line or in errors.
 */
export class HelmRunner {
  constructor(
    private readonly helmPath: string,
    private readonly options: {
      /** Helm's cache (repository indexes, charts); a fresh one per call by default. */
      cacheDir?: string;
      /**
       * Where the per-call directories go (default: the OS's temporary
       * directory). It must allow executables: the post-renderer runs there.
       */
      tempDir?: string;
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
        return [
          'upgrade',
          '--install',
          release,
          ...chartArgs,
          '--values',
          valuesFile,
          '--timeout',
          `${timeoutSeconds}s`,
          ...(options.wait ? ['--wait'] : []),
          '--output',
          'json',
        ];
      },
      { timeoutSeconds, labels: options.labels, release },
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
      'kubeConfig' | 'wait' | 'timeoutSeconds'
    >,
  ): Promise<string> {
    const { release, chart } = options;
    assertReleaseName(release);
    return this.run(
      'template',
      { namespace: options.namespace },
      async dir => {
        const valuesFile = join(dir, 'values.json');
        await writeFile(valuesFile, JSON.stringify(options.values ?? {}), {
          mode: 0o600,
        });
        return [
          'template',
          release,
          ...helmChartArgs(chart),
          '--values',
          valuesFile,
          '--no-hooks',
        ];
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
    },
  ): Promise<void> {
    assertReleaseName(options.release);
    const timeoutSeconds = options.timeoutSeconds ?? 300;
    await this.run(
      'uninstall',
      options,
      async () => [
        'uninstall',
        options.release,
        '--timeout',
        `${timeoutSeconds}s`,
        ...(options.wait ? ['--wait'] : []),
      ],
      { timeoutSeconds, release: options.release },
    );
  }

  /** The releases in a namespace, in every state (`helm list --all`). */
  async list(options: HelmTarget): Promise<HelmRelease[]> {
    const stdout = await this.run('list', options, async () => [
      'list',
      '--all',
      '--output',
      'json',
    ]);
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
    assertReleaseName(options.release);
    const stdout = await this.run(
      'history',
      options,
      async () => [
        'history',
        options.release,
        '--max',
        '1',
        '--output',
        'json',
      ],
      { release: options.release },
    );
    const [latest] = JSON.parse(stdout || '[]') as Array<Record<string, any>>;
    if (!latest) {
      throw new NotFoundError(
        `Helm release '${options.release}' not found in namespace '${options.namespace}'`,
      );
    }
    return {
      name: options.release,
      namespace: options.namespace,
      revision: Number(latest.revision),
      status: latest.status,
      chart: latest.chart,
      appVersion: latest.app_version || undefined,
      updated: latest.updated,
      description: latest.description,
    };
  }

  private async run(
    command: string,
    target: Pick<HelmTarget, 'namespace'> & { kubeConfig?: KubeConfig },
    makeArgs: (dir: string) => Promise<string[]>,
    extra: {
      timeoutSeconds?: number;
      labels?: Record<string, string>;
      release?: string;
    } = {},
  ): Promise<string> {
    const dir = await mkdtemp(
      join(this.options.tempDir ?? tmpdir(), 'berth-helm-'),
    );
    let postRenderer: LabelPostRenderer | undefined;
    try {
      const args = await makeArgs(dir);
      if (extra.labels && Object.keys(extra.labels).length > 0) {
        postRenderer = await startLabelPostRenderer(dir, extra.labels);
        args.push('--post-renderer', postRenderer.executable);
      }
      if (target.kubeConfig) {
        const kubeconfig = await writeKubeconfigFile(target.kubeConfig, dir);
        args.push('--kubeconfig', kubeconfig);
      }
      args.push('--namespace', target.namespace);
      return await this.exec(args, dir, (extra.timeoutSeconds ?? 60) + 60);
    } catch (error) {
      throw this.describe(error, command, target.namespace, extra.release);
    } finally {
      await postRenderer?.close();
      await rm(dir, { recursive: true, force: true });
    }
  }

  private exec(args: string[], dir: string, timeoutSeconds: number) {
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
      execFile(
        this.helmPath,
        args,
        {
          env,
          cwd: dir,
          timeout: timeoutSeconds * 1000,
          maxBuffer: 256 * 1024 * 1024,
        },
        (error, stdout, stderr) => {
          if (error) {
            reject(
              Object.assign(error, {
                stderr: String(stderr),
              }),
            );
          } else {
            resolve(String(stdout));
          }
        },
      );
    });
  }

  private describe(
    error: unknown,
    command: string,
    namespace: string,
    release?: string,
  ): Error {
    // Errors of child_process come from Node's realm: no instanceof checks.
    if (typeof error !== 'object' || error === null || !('stderr' in error)) {
      return error as Error;
    }
    const e = error as Error & {
      stderr: string;
      code?: number | string;
      killed?: boolean;
    };
    const stderr = trimStderr(e.stderr);
    const what = release
      ? `release '${release}' in namespace '${namespace}'`
      : `namespace '${namespace}'`;
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
        `Helm release '${release}' not found in namespace '${namespace}'`,
      );
    }
    if (
      /another operation \(install\/upgrade\/rollback\) is in progress/.test(
        stderr,
      )
    ) {
      return new ConflictError(`Helm is already changing ${what}: ${stderr}`);
    }
    return new HelmError(
      `helm ${command} failed for ${what}: ${stderr || e.message}`,
      stderr,
      typeof e.code === 'number' ? e.code : undefined,
    );
  }
}
