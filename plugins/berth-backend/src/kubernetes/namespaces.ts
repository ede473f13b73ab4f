import { ConflictError, InputError } from '@backstage/errors';
import { BERTH_LABELS } from '@berth/plugin-berth-common';
import {
  CoreV1Api,
  KubeConfig,
  PatchStrategy,
  V1Namespace,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { assertUsableNamespace } from '../names';
import { kubeError, kubeStatusCode } from './kubeErrors';

/** Options of {@link ensureNamespace}. */
export interface EnsureNamespaceOptions {
  /** Berth's labels for the namespace; must name the environment (`berth.dev/environment`). */
  labels: Record<string, string>;
  /** Take over a namespace that exists and is not Berth's, by labelling it. */
  adopt?: boolean;
}

const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

async function readNamespace(
  core: CoreV1Api,
  name: string,
): Promise<V1Namespace | undefined> {
  try {
    return await core.readNamespace({ name });
  } catch (error) {
    if (kubeStatusCode(error) === 404) return undefined;
    throw kubeError(`Could not read namespace '${name}'`, error);
  }
}

function berthLabels(labels: Record<string, string>): Record<string, string> {
  const all: Record<string, string> = {
    ...labels,
    [BERTH_LABELS.managedBy]: 'berth',
  };
  if (!all[BERTH_LABELS.environment]) {
    throw new InputError(
      `The labels of a Berth namespace must name its environment (${BERTH_LABELS.environment})`,
    );
  }
  return all;
}

/**
 * Makes sure the namespace of an environment exists and is Berth's. Creates
 * it with Berth's labels, or accepts an existing one that Berth manages for
 * the same environment. A namespace that is not Berth's is a ConflictError,
 * unless `adopt`: then Berth labels it as its own. Reserved namespaces
 * (kube-system, default, ...) are an InputError.
 */
export async function ensureNamespace(
  kc: KubeConfig,
  name: string,
  options: EnsureNamespaceOptions,
): Promise<{ created: boolean }> {
  assertUsableNamespace(name);
  const labels = berthLabels(options.labels);
  const core = kc.makeApiClient(CoreV1Api);

  let existing = await readNamespace(core, name);
  if (!existing) {
    try {
      await core.createNamespace({ body: { metadata: { name, labels } } });
      return { created: true };
    } catch (error) {
      if (kubeStatusCode(error) !== 409) {
        throw kubeError(`Could not create namespace '${name}'`, error);
      }
      // created meanwhile: judge the one that exists
      existing = await readNamespace(core, name);
      if (!existing) {
        throw new ConflictError(
          `Namespace '${name}' was created and deleted meanwhile; try again`,
        );
      }
    }
  }

  if (existing.metadata?.deletionTimestamp) {
    throw new ConflictError(
      `Namespace '${name}' is being deleted; try again when it is gone`,
    );
  }
  const current = existing.metadata?.labels ?? {};
  const environment = labels[BERTH_LABELS.environment];
  if (current[BERTH_LABELS.managedBy] === 'berth') {
    const owner = current[BERTH_LABELS.environment];
    if (owner !== environment) {
      throw new ConflictError(
        `Namespace '${name}' belongs to Berth environment '${owner}'`,
      );
    }
  } else if (!options.adopt) {
    throw new ConflictError(
      `Namespace '${name}' exists and is not managed by Berth; set adoptNamespace to take it over`,
    );
  }

  if (Object.entries(labels).some(([key, value]) => current[key] !== value)) {
    try {
      await core.patchNamespace(
        { name, body: { metadata: { labels } } },
        mergePatch,
      );
    } catch (error) {
      throw kubeError(`Could not label namespace '${name}'`, error);
    }
  }
  return { created: false };
}

/**
 * Deletes a namespace that Berth manages (ConflictError for one it does not)
 * and, with `waitMs`, waits until it is gone. Resolves `{ deleted: false }`
 * when there was no such namespace.
 */
export async function deleteNamespace(
  kc: KubeConfig,
  name: string,
  options: { waitMs?: number } = {},
): Promise<{ deleted: boolean }> {
  assertUsableNamespace(name);
  const core = kc.makeApiClient(CoreV1Api);
  const existing = await readNamespace(core, name);
  if (!existing) {
    return { deleted: false };
  }
  if (existing.metadata?.labels?.[BERTH_LABELS.managedBy] !== 'berth') {
    throw new ConflictError(
      `Namespace '${name}' is not managed by Berth; Berth does not delete it`,
    );
  }
  if (!existing.metadata?.deletionTimestamp) {
    try {
      await core.deleteNamespace({ name });
    } catch (error) {
      if (kubeStatusCode(error) === 404) return { deleted: true };
      throw kubeError(`Could not delete namespace '${name}'`, error);
    }
  }
  const waitMs = options.waitMs ?? 0;
  const deadline = Date.now() + waitMs;
  while (waitMs > 0) {
    if (!(await readNamespace(core, name))) {
      return { deleted: true };
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `Namespace '${name}' is still being deleted after ${waitMs} ms`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  return { deleted: true };
}
