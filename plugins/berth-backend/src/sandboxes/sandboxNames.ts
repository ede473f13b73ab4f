import { InputError } from '@backstage/errors';
import { BERTH_LABELS } from '@berth/plugin-berth-common';
import {
  BASE_NAMESPACE_LABEL,
  dnsLabel,
  SANDBOX_LABEL,
} from './routing/routingNames';

/** The longest sandbox name: `<base namespace>-<name>` must fit a DNS label. */
export const MAX_SANDBOX_NAME = 30;
/** Label naming the sandbox's id on its namespace and placeholders. */
export const SANDBOX_ID_LABEL = 'berth.dev/sandbox-id';
/** Label on the placeholder Services of a sandbox namespace. */
export const PLACEHOLDER_LABEL = 'berth.dev/placeholder';

const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** InputError unless `name` is a DNS label of at most 30 characters. */
export function assertValidSandboxName(name: unknown): asserts name is string {
  if (
    typeof name !== 'string' ||
    name.length > MAX_SANDBOX_NAME ||
    !NAME.test(name)
  ) {
    throw new InputError(
      `Invalid sandbox name '${String(
        name,
      )}': a DNS label (lower-case letters, digits and '-', starting and ending with a letter or digit) of at most ${MAX_SANDBOX_NAME} characters`,
    );
  }
}

/** `<base namespace>-<name>`; cut and ended with a hash when over 63. */
export function sandboxNamespaceName(
  baseNamespace: string,
  name: string,
): string {
  return dnsLabel(baseNamespace, name);
}

/**
 * The labels of a sandbox's namespace and placeholders. The namespace is
 * Berth's (managed-by) and names the sandbox's id as its environment, so no
 * environment can take it.
 */
export function sandboxNamespaceLabels(sandbox: {
  id: string;
  name: string;
  baseNamespace: string;
}): Record<string, string> {
  return {
    [BERTH_LABELS.managedBy]: 'berth',
    [BERTH_LABELS.environment]: sandbox.id,
    [SANDBOX_LABEL]: sandbox.name,
    [BASE_NAMESPACE_LABEL]: sandbox.baseNamespace,
    [SANDBOX_ID_LABEL]: sandbox.id,
  };
}

/** Selects every sandbox namespace Berth made (for the orphan sweep). */
export const SANDBOX_NAMESPACE_SELECTOR = `${BERTH_LABELS.managedBy}=berth,${SANDBOX_ID_LABEL}`;
