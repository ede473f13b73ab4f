import { parse } from 'yaml';
import {
  BerthCluster,
  BerthProject,
  CreateEnvironmentRequest,
  EnvironmentServiceSettings,
  EnvironmentTier,
} from '@berth/plugin-berth-common';
import {
  defaultNamespace,
  dnsLabelProblem,
  namespaceProblem,
} from '../../../lib/names';
import { valuesYamlProblem } from '../../../lib/yaml';
import {
  ImageOverride,
  imageOverridesProblem,
  imageOverridesTo,
} from '../../services/ImageOverridesField';
import { BerthTranslate, englishBerthT } from '../../../translation';

/** What the user typed for one service of a new environment. */
export interface ServiceOverrideDraft {
  revision: string;
  /** Helm values (YAML), for Helm services. */
  values: string;
  /** Image overrides, for Helm services. */
  images: ImageOverride[];
  /** Variables as a YAML mapping, for manifests services. */
  variables: string;
}

/** One environment being filled in. */
export interface EnvironmentDraft {
  key: number;
  name: string;
  cluster: string;
  /** The namespace; follows `<project>-<name>` until edited. */
  namespace: string;
  namespaceEdited: boolean;
  tier: EnvironmentTier;
  values: string;
  adoptNamespace: boolean;
  deploy: boolean;
  showOverrides: boolean;
  services: Record<string, ServiceOverrideDraft>;
}

export interface ServiceOverrideErrors {
  revision?: string;
  values?: string;
  images?: string;
  variables?: string;
}

export interface DraftErrors {
  name?: string;
  cluster?: string;
  namespace?: string;
  values?: string;
  services?: Record<string, ServiceOverrideErrors>;
}

let nextKey = 1;

/** A new, empty environment on the first connected cluster. */
export function newDraft(clusters: BerthCluster[]): EnvironmentDraft {
  const cluster =
    clusters.find(c => c.connection !== 'Disconnected') ?? clusters[0];
  return {
    key: nextKey++,
    name: '',
    cluster: cluster?.name ?? '',
    namespace: '',
    namespaceEdited: false,
    tier: 'development',
    values: '',
    adoptNamespace: false,
    deploy: true,
    showOverrides: false,
    services: {},
  };
}

/** The namespace a draft will get. */
export function namespaceOf(
  draft: EnvironmentDraft,
  project: BerthProject,
): string {
  if (draft.namespaceEdited) return draft.namespace;
  return draft.name ? defaultNamespace(project.name, draft.name) : '';
}

function serviceErrors(
  t: BerthTranslate,
  project: BerthProject,
  draft: EnvironmentDraft,
): Record<string, ServiceOverrideErrors> | undefined {
  const result: Record<string, ServiceOverrideErrors> = {};
  for (const [service, override] of Object.entries(draft.services)) {
    const latest = project.services.find(
      s => s.name === service,
    )?.latestRevision;
    const errors: ServiceOverrideErrors = {};
    const revision = override.revision.trim();
    if (revision) {
      const n = Number(revision);
      if (!Number.isInteger(n) || n < 1) {
        errors.revision = t('deployService.wholeNumber');
      } else if (latest !== undefined && n > latest) {
        errors.revision = t('deployService.latest', {
          revision: String(latest),
        });
      }
    }
    errors.values = valuesYamlProblem(override.values, t);
    errors.images = imageOverridesProblem(override.images, t);
    errors.variables = valuesYamlProblem(override.variables, t);
    if (errors.revision || errors.values || errors.images || errors.variables) {
      result[service] = errors;
    }
  }
  return Object.keys(result).length ? result : undefined;
}

/**
 * Why a draft cannot be created, field by field; `existingNames` are the
 * project's environments, `others` the other drafts of the same request.
 */
export function validateDraft(
  draft: EnvironmentDraft,
  context: {
    project: BerthProject;
    clusters: BerthCluster[];
    existingNames: string[];
    others: EnvironmentDraft[];
  },
  t: BerthTranslate = englishBerthT,
): DraftErrors {
  const errors: DraftErrors = {};
  const { project, clusters, existingNames, others } = context;

  errors.name = dnsLabelProblem(draft.name, t('environmentFields.name'), t);
  if (!errors.name && existingNames.includes(draft.name)) {
    errors.name = t('environmentDraft.nameTaken', {
      project: project.title ?? project.name,
      name: draft.name,
    });
  }
  if (!errors.name && others.some(o => o.name === draft.name)) {
    errors.name = t('environmentDraft.nameTwice', { name: draft.name });
  }

  const cluster = clusters.find(c => c.name === draft.cluster);
  if (!cluster) {
    errors.cluster = t('environmentFields.chooseCluster');
  } else if (draft.tier === 'production' && !cluster.allowProduction) {
    errors.cluster = t('environmentDraft.noProductionOn', {
      cluster: cluster.title ?? cluster.name,
    });
  }

  const namespace = namespaceOf(draft, project);
  if (draft.namespaceEdited || draft.name) {
    errors.namespace = namespaceProblem(namespace, t);
  }
  if (
    !errors.namespace &&
    namespace &&
    others.some(
      o => o.cluster === draft.cluster && namespaceOf(o, project) === namespace,
    )
  ) {
    errors.namespace = t('environmentDraft.namespaceTwice', {
      namespace,
      cluster: draft.cluster,
    });
  }

  errors.values = valuesYamlProblem(draft.values, t);
  errors.services = serviceErrors(t, project, draft);

  return Object.fromEntries(
    Object.entries(errors).filter(([, v]) => v !== undefined),
  ) as DraftErrors;
}

/**
 * The errors to show: all of them once the user tried to create, before
 * that only those of fields the user filled in.
 */
export function visibleErrors(
  draft: EnvironmentDraft,
  errors: DraftErrors,
  submitted: boolean,
): DraftErrors {
  if (submitted) return errors;
  return {
    name: draft.name ? errors.name : undefined,
    namespace:
      draft.namespaceEdited || draft.name ? errors.namespace : undefined,
    cluster: draft.cluster ? errors.cluster : undefined,
    values: errors.values,
    services: errors.services,
  };
}

/** Whether there is any error. */
export function hasErrors(errors: DraftErrors): boolean {
  return Object.keys(errors).length > 0;
}

function serviceSettings(
  override: ServiceOverrideDraft,
): EnvironmentServiceSettings | undefined {
  const settings: EnvironmentServiceSettings = {};
  if (override.revision.trim()) settings.revision = Number(override.revision);
  if (override.values.trim()) settings.values = override.values;
  const images = imageOverridesTo(override.images);
  if (images) settings.images = images;
  if (override.variables.trim()) {
    const variables = parse(override.variables);
    if (variables && typeof variables === 'object') {
      settings.variables = variables;
    }
  }
  return Object.keys(settings).length ? settings : undefined;
}

/** The request for a (valid) draft; optional parts left empty are left out. */
export function toRequest(
  draft: EnvironmentDraft,
  project: BerthProject,
): CreateEnvironmentRequest {
  const request: CreateEnvironmentRequest = {
    name: draft.name,
    cluster: draft.cluster,
    namespace: namespaceOf(draft, project),
    tier: draft.tier,
    adoptNamespace: draft.adoptNamespace,
    deploy: draft.deploy,
  };
  if (draft.values.trim()) request.values = draft.values;
  const services = Object.entries(draft.services).flatMap(([name, o]) => {
    const settings = serviceSettings(o);
    return settings ? [[name, settings] as const] : [];
  });
  if (services.length) request.services = Object.fromEntries(services);
  return request;
}
