import { KubeConfig } from '@kubernetes/client-node';
import { KubeObject } from '../injectLabels';

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

/** What `HelmRunner.repairPending` did. */
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

/** Options of a `HelmRunner`. */
export interface HelmRunnerOptions {
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
}
