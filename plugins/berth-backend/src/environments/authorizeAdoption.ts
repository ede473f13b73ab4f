import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { berthNamespaceAdoptPermission } from '@berth/plugin-berth-common';
import { EnvironmentAuthorizer } from '../permissions/EnvironmentAuthorizer';
import { AdoptableNamespaces } from './AdoptableNamespaces';
import { EnvironmentPlan } from './EnvironmentService';

/**
 * Checks that the caller may adopt the namespace of a planned environment
 * that asks for `adoptNamespace`: the namespace matches one of the
 * cluster's `adoptableNamespaces` patterns, or the caller holds
 * `berth.namespace.adopt` for the environment. NotAllowedError otherwise.
 * (Whether the namespace holds anything of anyone else's is checked when it
 * is planned and again when it is taken over.)
 */
export async function authorizeAdoption(
  deps: {
    authorizer: EnvironmentAuthorizer;
    adoptableNamespaces: AdoptableNamespaces;
  },
  credentials: BackstageCredentials,
  plan: EnvironmentPlan,
  ownerRef: string | undefined,
): Promise<void> {
  if (!plan.adoptNamespace) return;
  if (deps.adoptableNamespaces.matches(plan.cluster, plan.namespace)) return;
  try {
    await deps.authorizer.authorize(
      credentials,
      berthNamespaceAdoptPermission,
      {
        id: '',
        name: plan.name,
        projectRef: plan.projectRef,
        cluster: plan.cluster,
        tier: plan.tier,
        ownerRef,
      },
    );
  } catch (error) {
    if (!(error instanceof NotAllowedError)) throw error;
    const patterns = deps.adoptableNamespaces.patterns(plan.cluster);
    throw new NotAllowedError(
      `Namespace '${plan.namespace}' on cluster '${
        plan.cluster
      }' may not be adopted: it matches none of berth.clusters.${
        plan.cluster
      }.adoptableNamespaces (${
        patterns.join(', ') || 'none configured'
      }), and adopting other namespaces needs the permission ${
        berthNamespaceAdoptPermission.name
      }`,
    );
  }
}
