import { HTTPRoute, isServiceParent, ParentReference } from './httpRouteTypes';

/** The parts of a Gateway that say which routes may attach (namespaces, hosts). */
export interface GatewayListeners {
  metadata: { name: string; namespace?: string };
  spec: {
    listeners?: Array<{
      name: string;
      /** The hosts the listener serves (`*.example.com`); none: every host. */
      hostname?: string;
      port?: number;
      allowedRoutes?: {
        namespaces?: { from?: 'All' | 'Same' | 'Selector'; selector?: unknown };
      };
    }>;
  };
}

/** A Gateway a base route attaches to, and why sandbox routes could not. */
export interface AdmissionProblem {
  gateway: string;
  problem: string;
}

/**
 * Whether the Gateways of the base routes admit routes from another
 * namespace (the sandbox's, where north-south sandbox routes go): a
 * listener with `allowedRoutes.namespaces.from: All` does; `Selector`
 * does for namespaces with the selected labels (reported: the sandbox
 * namespace must carry them); `Same`, the default, does not.
 */
export function sandboxRouteAdmission(
  baseRoutes: HTTPRoute[],
  gateways: GatewayListeners[],
  baseNamespace: string,
): AdmissionProblem[] {
  const parents = new Map<string, ParentReference[]>();
  for (const route of baseRoutes) {
    for (const parent of route.spec.parentRefs ?? []) {
      if (isServiceParent(parent)) continue;
      const id = `${
        parent.namespace ?? route.metadata.namespace ?? baseNamespace
      }/${parent.name}`;
      parents.set(id, [...(parents.get(id) ?? []), parent]);
    }
  }
  const problems: AdmissionProblem[] = [];
  for (const [id, refs] of [...parents.entries()].sort()) {
    const gateway = gateways.find(
      g => `${g.metadata.namespace}/${g.metadata.name}` === id,
    );
    if (!gateway) {
      problems.push({ gateway: id, problem: 'not found' });
      continue;
    }
    const sections = new Set(refs.map(ref => ref.sectionName));
    const listeners = (gateway.spec.listeners ?? []).filter(
      listener => sections.has(undefined) || sections.has(listener.name),
    );
    const from = listeners.map(
      l => l.allowedRoutes?.namespaces?.from ?? 'Same',
    );
    if (from.includes('All')) continue;
    problems.push({
      gateway: id,
      problem: from.includes('Selector')
        ? 'its listeners admit routes of selected namespaces only: sandbox namespaces must carry the selected labels'
        : 'its listeners admit routes of their own namespace only (allowedRoutes.namespaces.from: Same)',
    });
  }
  return problems;
}
