import { Config } from '@backstage/config';
import { configNumbers } from '../../shared/configNumbers';
import { readTolerations } from '../../shared/tolerations';
import { InputError } from '@backstage/errors';
import { V1Toleration } from '@kubernetes/client-node';

/** How Berth runs Kubernetes Jobs for workflows (`berth.workflows.jobs`). */
export interface KubernetesJobSettings {
  /** Image of the job runner: the `script` and `test` job types' default image. */
  runnerImage: string;
  /** Added to every Job's pod (e.g. the real node's `berth.dev/real-node`). */
  tolerations: V1Toleration[];
  /** Added to every Job's pod; the pod spec's own keys win. */
  nodeSelector: Record<string, string>;
  /** Namespaces a job may name directly (instead of an environment). */
  namespaces: string[];
  /** Set on a finished Job once its logs are read to the end. */
  ttlSecondsAfterFinished: number;
  /** How often a running Job and its pod are looked at. */
  pollIntervalMs: number;
  /** How long a pod may fail to pull its image before the Job is given up. */
  imagePullTimeoutMs: number;
  /** activeDeadlineSeconds of a job whose engine gives no deadline. */
  defaultTimeoutSeconds: number;
}

export const DEFAULT_RUNNER_IMAGE = 'berth/jobrunner:latest';

/** Reads `berth.workflows.jobs`, with defaults; InputError for bad values. */
export function readKubernetesJobSettings(
  config: Config,
): KubernetesJobSettings {
  const section = config.getOptionalConfig('berth.workflows.jobs');
  const where = (key: string) => `berth.workflows.jobs.${key}`;
  const { number, integer, milliseconds } = configNumbers(
    config,
    'berth.workflows.jobs',
  );
  const tolerations = readTolerations(section, where);
  // label keys hold '/' and '.', which config keys may not: read the object as is
  const selector = section?.getOptional('nodeSelector') ?? {};
  const nodeSelector: Record<string, string> = {};
  if (typeof selector !== 'object' || Array.isArray(selector)) {
    throw new InputError(`${where('nodeSelector')} must be an object`);
  }
  for (const [key, value] of Object.entries(selector)) {
    if (typeof value !== 'string') {
      throw new InputError(
        `${where('nodeSelector')}['${key}'] must be a string`,
      );
    }
    nodeSelector[key] = value;
  }
  return {
    runnerImage:
      section?.getOptionalString('runnerImage') ?? DEFAULT_RUNNER_IMAGE,
    tolerations,
    nodeSelector,
    namespaces: section?.getOptionalStringArray('namespaces') ?? [],
    ttlSecondsAfterFinished: integer(
      'ttlSecondsAfterFinished',
      600,
      0,
      30 * 86400,
    ),
    pollIntervalMs: number('pollIntervalMs', 1000, 50, 60_000),
    imagePullTimeoutMs: milliseconds('imagePullTimeoutSeconds', 120, 1, 3600),
    defaultTimeoutSeconds: integer('defaultTimeoutSeconds', 3600, 1, 7 * 86400),
  };
}
