import { KubeObject } from '../shared/kubeObject';

export type { KubeObject } from '../shared/kubeObject';

type Obj = Record<string, any>;

const TEMPLATE_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
]);

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function labelled(
  metadata: unknown,
  labels: Record<string, string>,
  keep: Record<string, unknown> = {},
): Obj {
  const meta = isObject(metadata) ? metadata : {};
  const existing = isObject(meta.labels) ? meta.labels : {};
  const added = Object.fromEntries(
    Object.entries(labels).filter(
      ([key, value]) => keep[key] === undefined || keep[key] === value,
    ),
  );
  return { ...meta, labels: { ...existing, ...added } };
}

/**
 * Labels a pod template, except for labels whose key a selector matches on
 * with another value: selectors are never changed, and the template must
 * keep matching them.
 */
function labelledTemplate(
  template: unknown,
  labels: Record<string, string>,
  selector: unknown,
): unknown {
  if (!isObject(template)) {
    return template;
  }
  const matchLabels =
    isObject(selector) && isObject(selector.matchLabels)
      ? selector.matchLabels
      : {};
  return {
    ...template,
    metadata: labelled(template.metadata, labels, matchLabels),
  };
}

/**
 * Returns a copy of a Kubernetes object with `labels` in its
 * `metadata.labels` and in the labels of its pod template (Deployment,
 * StatefulSet, DaemonSet, ReplicaSet, Job `spec.template`; CronJob
 * `spec.jobTemplate` and its `spec.template`). The items of a `List` are
 * labelled alike. Selectors are never changed.
 */
export function injectLabels<T extends KubeObject>(
  object: T,
  labels: Record<string, string>,
): T {
  if (!isObject(object)) {
    return object;
  }
  const result: Obj = { ...object };
  if (typeof object.kind === 'string' && object.kind.endsWith('List')) {
    if (Array.isArray(object.items)) {
      result.items = object.items.map(item => injectLabels(item, labels));
    }
    return result as T;
  }
  result.metadata = labelled(object.metadata, labels);
  const spec = object.spec;
  if (!isObject(spec)) {
    return result as T;
  }
  if (TEMPLATE_KINDS.has(object.kind ?? '') && isObject(spec.template)) {
    result.spec = {
      ...spec,
      template: labelledTemplate(spec.template, labels, spec.selector),
    };
  } else if (object.kind === 'CronJob' && isObject(spec.jobTemplate)) {
    const jobTemplate = spec.jobTemplate;
    const jobSpec = isObject(jobTemplate.spec) ? jobTemplate.spec : undefined;
    result.spec = {
      ...spec,
      jobTemplate: {
        ...jobTemplate,
        metadata: labelled(jobTemplate.metadata, labels),
        ...(jobSpec && {
          spec: {
            ...jobSpec,
            template: labelledTemplate(
              jobSpec.template,
              labels,
              jobSpec.selector,
            ),
          },
        }),
      },
    };
  }
  return result as T;
}
