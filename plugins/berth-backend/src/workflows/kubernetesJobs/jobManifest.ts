import { InputError } from '@backstage/errors';
import { V1Job, V1Toleration } from '@kubernetes/client-node';
import { MAX_JOB_NAME } from './kubernetesJobName';
import {
  JOB_RUN_LABEL,
  KubernetesJobRequest,
  WORKFLOW_RUN_LABEL,
} from './KubernetesJobRequest';
import { KubernetesJobSettings } from './readKubernetesJobSettings';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function sameToleration(a: V1Toleration, b: V1Toleration): boolean {
  return (
    a.key === b.key &&
    (a.operator ?? 'Equal') === (b.operator ?? 'Equal') &&
    (a.value ?? '') === (b.value ?? '') &&
    a.effect === b.effect
  );
}

/**
 * The `batch/v1` Job of a request: the request's pod with restartPolicy
 * Never, no service account token, the configured tolerations and node
 * selector (the pod's own keys win), `backoffLimit: 0` and
 * `activeDeadlineSeconds` from the timeout; labelled (Job and pod) with the
 * request's labels. No `ttlSecondsAfterFinished`: it is set once the logs are
 * read. InputError for a request Kubernetes would refuse.
 */
export function jobManifest(
  request: Pick<
    KubernetesJobRequest,
    'name' | 'namespace' | 'labels' | 'pod' | 'timeoutSeconds'
  >,
  settings: Pick<KubernetesJobSettings, 'tolerations' | 'nodeSelector'>,
): V1Job {
  const { name, namespace, labels, pod, timeoutSeconds } = request;
  if (name.length > MAX_JOB_NAME || !DNS_LABEL.test(name)) {
    throw new InputError(
      `Job name '${name}' is not a DNS label of at most ${MAX_JOB_NAME} characters`,
    );
  }
  if (!DNS_LABEL.test(namespace)) {
    throw new InputError(`Namespace '${namespace}' is not a DNS label`);
  }
  for (const key of [WORKFLOW_RUN_LABEL, JOB_RUN_LABEL]) {
    if (!labels[key]) throw new InputError(`Job '${name}' needs label ${key}`);
  }
  for (const [key, value] of Object.entries(labels)) {
    if (value.length > 63 || !LABEL_VALUE.test(value)) {
      throw new InputError(
        `Label ${key} of Job '${name}': '${value}' is not a label value`,
      );
    }
  }
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1) {
    throw new InputError(
      `Job '${name}': timeout must be a whole number of seconds, at least 1, got ${timeoutSeconds}`,
    );
  }
  if (!pod.containers?.length) {
    throw new InputError(`Job '${name}' has no container`);
  }
  const tolerations = [...(pod.tolerations ?? [])];
  for (const t of settings.tolerations) {
    if (!tolerations.some(o => sameToleration(o, t))) tolerations.push(t);
  }
  const nodeSelector = { ...settings.nodeSelector, ...pod.nodeSelector };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace,
      labels: { ...labels, 'app.kubernetes.io/managed-by': 'berth' },
    },
    spec: {
      backoffLimit: 0,
      activeDeadlineSeconds: timeoutSeconds,
      template: {
        metadata: { labels: { ...labels } },
        spec: {
          ...pod,
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          ...(tolerations.length ? { tolerations } : {}),
          ...(Object.keys(nodeSelector).length ? { nodeSelector } : {}),
        },
      },
    },
  };
}
