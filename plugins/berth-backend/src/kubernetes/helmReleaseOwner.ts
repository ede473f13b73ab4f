import { ConflictError } from '@backstage/errors';
import { BERTH_LABELS } from '@berth/plugin-berth-common';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { gunzipSync } from 'node:zlib';
import { parseManifest } from '../shared/manifestYaml';
import { kubeError } from './kubeErrors';

/**
 * The labels Berth gives its Helm releases' storage records (helm's
 * `--labels`; helm keeps them on every later revision): they say the release
 * is Berth's, and whose environment's, even when it rendered no object.
 */
export const RELEASE_LABELS = {
  managedBy: 'berth.dev/managed-by',
  environment: BERTH_LABELS.environment,
} as const;

/** The storage labels of a release Berth installs for an environment. */
export function berthReleaseLabels(
  environmentId: string,
): Record<string, string> {
  return {
    [RELEASE_LABELS.managedBy]: 'berth',
    [RELEASE_LABELS.environment]: environmentId,
  };
}

/** Whose a Helm release of a given name in a namespace is. */
export type HelmReleaseOwner =
  /** There is no such release. */
  | { owner: 'none' }
  /**
   * Its latest revision's storage carries Berth's release labels for the
   * environment, or (releases Berth made before it labelled them) every
   * object of that revision carries the environment's label.
   */
  | { owner: 'environment' }
  /** Someone else's, or one whose objects Berth cannot vouch for. */
  | { owner: 'foreign'; reason: string };

/** Helm's storage: base64 of gzipped JSON (plain JSON in old releases). */
function decodeRelease(stored: string): { manifest?: string } {
  const raw = Buffer.from(stored, 'base64');
  const json =
    raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw.toString();
  return JSON.parse(json.toString());
}

/**
 * Reads the latest revision of a Helm release from Helm's storage (Secrets,
 * or ConfigMaps of Helm's configmap driver, labelled owner=helm,name=<release>)
 * and tells whether it is the environment's: when the storage record carries
 * `berth.dev/managed-by: berth`, by its `berth.dev/environment` label (so a
 * release that rendered no object is recognised too); otherwise, for
 * releases from before those labels, only when its manifest has objects and
 * every one of them carries `berth.dev/environment: <environmentId>`
 * (Berth's post-renderer puts it on everything it deploys).
 */
export async function helmReleaseOwner(
  kc: KubeConfig,
  namespace: string,
  release: string,
  environmentId: string,
): Promise<HelmReleaseOwner> {
  const core = kc.makeApiClient(CoreV1Api);
  const labelSelector = `owner=helm,name=${release}`;
  let stored: {
    version: number;
    data: string;
    labels: Record<string, string>;
  }[];
  try {
    const [secrets, configMaps] = await Promise.all([
      core.listNamespacedSecret({ namespace, labelSelector }),
      core.listNamespacedConfigMap({ namespace, labelSelector }),
    ]);
    stored = [
      ...secrets.items.map(s => ({
        version: Number(s.metadata?.labels?.version),
        labels: s.metadata?.labels ?? {},
        data: Buffer.from(s.data?.release ?? '', 'base64').toString(),
      })),
      ...configMaps.items.map(c => ({
        version: Number(c.metadata?.labels?.version),
        labels: c.metadata?.labels ?? {},
        data: c.data?.release ?? '',
      })),
    ];
  } catch (error) {
    throw kubeError(
      `Could not read Helm release '${release}' in namespace '${namespace}'`,
      error,
    );
  }
  if (stored.length === 0) return { owner: 'none' };
  const latest = stored.reduce((a, b) => (b.version > a.version ? b : a));
  if (latest.labels[RELEASE_LABELS.managedBy] === 'berth') {
    const owner = latest.labels[RELEASE_LABELS.environment];
    return owner === environmentId
      ? { owner: 'environment' }
      : {
          owner: 'foreign',
          reason: `Berth made it for another environment (${
            owner || 'none named'
          })`,
        };
  }
  let objects;
  try {
    objects = parseManifest(decodeRelease(latest.data).manifest ?? '');
  } catch {
    return { owner: 'foreign', reason: 'its stored release cannot be read' };
  }
  if (objects.length === 0) {
    return { owner: 'foreign', reason: 'it has no objects Berth labelled' };
  }
  const unlabelled = objects.filter(
    o => o.metadata?.labels?.[BERTH_LABELS.environment] !== environmentId,
  );
  if (unlabelled.length > 0) {
    const names = unlabelled
      .slice(0, 5)
      .map(o => `${o.kind}/${o.metadata?.name}`)
      .join(', ');
    return {
      owner: 'foreign',
      reason: `its objects (${names}${
        unlabelled.length > 5 ? ', ...' : ''
      }) lack this environment's label ${BERTH_LABELS.environment}`,
    };
  }
  return { owner: 'environment' };
}

/**
 * ConflictError unless the release is absent or the environment's: Berth
 * never upgrades, repairs or uninstalls a Helm release it did not make.
 */
export async function assertReleaseNotForeign(
  kc: KubeConfig,
  target: { namespace: string; release: string; environmentId: string },
  action: string,
): Promise<HelmReleaseOwner> {
  const owner = await helmReleaseOwner(
    kc,
    target.namespace,
    target.release,
    target.environmentId,
  );
  if (owner.owner === 'foreign') {
    throw new ConflictError(
      `Helm release '${target.release}' in namespace '${target.namespace}' is not Berth's (${owner.reason}); Berth does not ${action} it`,
    );
  }
  return owner;
}
