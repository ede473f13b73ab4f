import { BerthTranslate, englishBerthT } from '../translation';

const MAX_LABEL_LENGTH = 63;

/**
 * Why a value is not an RFC 1123 DNS label, as Kubernetes wants for namespaces
 * and object names, or undefined when it is one. `what` names the value in the
 * message, e.g. "Name".
 */
export function dnsLabelProblem(
  value: string,
  what: string,
  t: BerthTranslate = englishBerthT,
): string | undefined {
  if (value.length === 0) {
    return t('names.required', { what });
  }
  if (value.length > MAX_LABEL_LENGTH) {
    return t('names.tooLong', {
      what,
      length: String(value.length),
      max: String(MAX_LABEL_LENGTH),
    });
  }
  if (/[A-Z]/.test(value)) {
    return t('names.lowerCase', { what, suggestion: value.toLowerCase() });
  }
  if (/[^a-z0-9-]/.test(value)) {
    return t('names.characters', { what });
  }
  if (!/^[a-z0-9]/.test(value) || !/[a-z0-9]$/.test(value)) {
    return t('names.ends', { what });
  }
  return undefined;
}

/** Namespaces Kubernetes keeps for itself. */
const RESERVED_NAMESPACES = [
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
];

/** Why a namespace cannot be used for an environment, or undefined. */
export function namespaceProblem(
  value: string,
  t: BerthTranslate = englishBerthT,
): string | undefined {
  const problem = dnsLabelProblem(value, t('environmentFields.namespace'), t);
  if (problem) return problem;
  if (RESERVED_NAMESPACES.includes(value) || value.startsWith('kube-')) {
    return t('names.reserved', { namespace: value });
  }
  return undefined;
}

/** The namespace proposed for an environment: `<project>-<name>`. */
export function defaultNamespace(projectName: string, envName: string): string {
  return `${projectName.toLowerCase()}-${envName}`;
}
