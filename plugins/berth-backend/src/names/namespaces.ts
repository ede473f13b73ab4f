import { InputError } from '@backstage/errors';
import { assertDnsLabel } from './dnsNames';

/** Namespaces that Kubernetes itself uses; Berth never deploys into them. */
export const RESERVED_NAMESPACES: readonly string[] = Object.freeze([
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'default',
]);

/**
 * Asserts that a namespace name is a DNS label that Berth may deploy into:
 * not one of {@link RESERVED_NAMESPACES} and not in the 'kube-' prefix that
 * Kubernetes keeps for itself.
 */
export function assertUsableNamespace(name: unknown): asserts name is string {
  assertDnsLabel(name, 'Namespace');
  if (RESERVED_NAMESPACES.includes(name)) {
    throw new InputError(
      `Namespace '${name}' is reserved by Kubernetes; choose a namespace of the environment's own`,
    );
  }
  if (name.startsWith('kube-')) {
    throw new InputError(
      `Namespace '${name}' starts with 'kube-', a prefix Kubernetes reserves for its own namespaces; choose another name`,
    );
  }
}

/**
 * The namespace Berth proposes for an environment: `<project>-<env>`.
 * Catalog names are case-insensitive, so the project name is lower-cased.
 * Throws InputError when the result is not a usable namespace, e.g. when it
 * is longer than 63 characters.
 */
export function defaultNamespace(projectName: string, envName: string): string {
  const name = `${projectName.toLowerCase()}-${envName}`;
  if (name.length > 63) {
    throw new InputError(
      `The default namespace '${name}' for environment '${envName}' of project '${projectName}' is ${name.length} characters long, more than the 63 Kubernetes allows; choose a shorter environment name or set the namespace yourself`,
    );
  }
  try {
    assertUsableNamespace(name);
  } catch (error) {
    throw new InputError(
      `Cannot derive a namespace for environment '${envName}' of project '${projectName}': ${
        (error as Error).message
      }; set the namespace yourself`,
    );
  }
  return name;
}
