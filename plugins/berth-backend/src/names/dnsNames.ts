import { InputError } from '@backstage/errors';

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const MAX_LABEL_LENGTH = 63;
const MAX_SUBDOMAIN_LENGTH = 253;

function assertString(value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string') {
    throw new InputError(
      `${what} must be a string, but it is a ${typeof value}`,
    );
  }
}

function labelProblem(value: string): string | undefined {
  if (value.length === 0) {
    return 'it is empty';
  }
  if (/[A-Z]/.test(value)) {
    return 'it has upper-case letters';
  }
  if (/[^a-z0-9-]/.test(value)) {
    return 'only lower-case letters, digits and - are allowed';
  }
  if (!LABEL.test(value)) {
    return 'it must start and end with a letter or digit';
  }
  return undefined;
}

/**
 * Asserts that a value is an RFC 1123 DNS label, as Kubernetes wants for
 * namespaces, services and most object names: lower-case letters, digits
 * and '-', starting and ending with a letter or digit, at most 63 characters.
 *
 * @param what - names the value in the error, e.g. "namespace" or "service name"
 */
export function assertDnsLabel(
  value: unknown,
  what: string,
): asserts value is string {
  assertString(value, what);
  const problem =
    value.length > MAX_LABEL_LENGTH
      ? `it is ${value.length} characters long, more than ${MAX_LABEL_LENGTH}`
      : labelProblem(value);
  if (problem) {
    throw new InputError(
      `${what} '${value}' is not a valid DNS label (RFC 1123): ${problem}`,
    );
  }
}

/**
 * Asserts that a value is an RFC 1123 DNS subdomain as Kubernetes checks it:
 * DNS labels joined by '.', at most 253 characters in all.
 *
 * @param what - names the value in the error, e.g. "ConfigMap name"
 */
export function assertDnsSubdomain(
  value: unknown,
  what: string,
): asserts value is string {
  assertString(value, what);
  if (value.length > MAX_SUBDOMAIN_LENGTH) {
    throw new InputError(
      `${what} '${value}' is not a valid DNS subdomain (RFC 1123): it is ${value.length} characters long, more than ${MAX_SUBDOMAIN_LENGTH}`,
    );
  }
  const labels = value.split('.');
  for (const label of labels) {
    const problem = labelProblem(label);
    if (problem) {
      const where =
        labels.length > 1 ? `its part '${label}' is not valid: ` : '';
      throw new InputError(
        `${what} '${value}' is not a valid DNS subdomain (RFC 1123): ${where}${problem}`,
      );
    }
  }
}
