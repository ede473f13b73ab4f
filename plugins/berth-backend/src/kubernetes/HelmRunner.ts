import { createHelmCall, HelmCall } from './helm/helmCall';
import { listReleases, releaseHistory, releaseStatus } from './helm/releases';
import { repairPending } from './helm/repairPending';
import { template, HelmTemplateOptions } from './helm/template';
import {
  HelmRelease,
  HelmRepair,
  HelmRunnerOptions,
  HelmTarget,
  HelmUpgradeInstallOptions,
} from './helm/types';
import { uninstall, HelmUninstallOptions } from './helm/uninstall';
import { upgradeInstall } from './helm/upgradeInstall';

export type * from './helm/types';

/**
 * Runs the Helm binary against a cluster given as a KubeConfig, one verb
 * per method (each in `./helm/`). Every call gets a private temporary
 * directory (removed afterwards) and reaches the cluster through a
 * loopback API proxy of its own (see `startKubeApiProxy`): helm's
 * kubeconfig holds only the proxy's address and a token of that call, and
 * a GET the identity may not make looks to helm like a missing object, so
 * a template's `lookup` of it renders empty. Credentials never appear on
 * the command line or in errors.
 */
export class HelmRunner {
  private readonly call: HelmCall;

  constructor(helmPath: string, options: HelmRunnerOptions = {}) {
    this.call = createHelmCall(helmPath, options);
  }

  /**
   * `helm upgrade --install`; resolves with the release's new revision and
   * its manifest (as rendered and post-rendered, without hooks).
   */
  upgradeInstall(
    options: HelmUpgradeInstallOptions,
  ): Promise<{ revision: number; status: string; manifest: string }> {
    return upgradeInstall(this.call, options);
  }

  /**
   * `helm template` without hooks: the manifest an install would apply.
   * Needs no cluster.
   */
  template(options: HelmTemplateOptions): Promise<string> {
    return template(this.call, options);
  }

  /** `helm uninstall`; NotFoundError when there is no such release. */
  uninstall(options: HelmUninstallOptions): Promise<void> {
    return uninstall(this.call, options);
  }

  /** The releases in a namespace, in every state (`helm list --all`). */
  list(options: HelmTarget): Promise<HelmRelease[]> {
    return listReleases(this.call, options);
  }

  /** The release's current revision; NotFoundError when there is none. */
  status(options: HelmTarget & { release: string }): Promise<HelmRelease> {
    return releaseStatus(this.call, options);
  }

  /** Every revision of a release, oldest first; NotFoundError when there is none. */
  history(options: HelmTarget & { release: string }): Promise<HelmRelease[]> {
    return releaseHistory(this.call, options);
  }

  /**
   * Repairs a release a killed helm left pending (see `./helm/repairPending`):
   * rolls back to the newest deployed or superseded revision, or uninstalls.
   */
  repairPending(
    options: HelmTarget & { release: string; signal?: AbortSignal },
  ): Promise<HelmRepair> {
    return repairPending(this.call, options);
  }
}
