const MAX_LABEL_LENGTH = 63;

/**
 * Why a value is not an RFC 1123 DNS label, as Kubernetes wants for namespaces
 * and object names, or undefined when it is one. `what` names the value in the
 * message, e.g. "Name".
 */
export function dnsLabelProblem(
  value: string,
  what: string,
): string | undefined {
  if (value.length === 0) {
    return `${what} is required`;
  }
  if (value.length > MAX_LABEL_LENGTH) {
    return `${what} is ${value.length} characters long; at most ${MAX_LABEL_LENGTH} are allowed`;
  }
  if (/[A-Z]/.test(value)) {
    return `${what} must be lower-case (try "${value.toLowerCase()}")`;
  }
  if (/[^a-z0-9-]/.test(value)) {
    return `${what} may only contain lower-case letters, digits and "-"`;
  }
  if (!/^[a-z0-9]/.test(value) || !/[a-z0-9]$/.test(value)) {
    return `${what} must start and end with a letter or digit`;
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
export function namespaceProblem(value: string): string | undefined {
  const problem = dnsLabelProblem(value, 'Namespace');
  if (problem) return problem;
  if (RESERVED_NAMESPACES.includes(value) || value.startsWith('kube-')) {
    return `Namespace "${value}" is reserved by Kubernetes`;
  }
  return undefined;
}

/** The namespace proposed for an environment: `<project>-<name>`. */
export function defaultNamespace(projectName: string, envName: string): string {
  return `${projectName.toLowerCase()}-${envName}`;
}
