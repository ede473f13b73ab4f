import { Entity } from '@backstage/catalog-model';
import { BerthApi, BerthHealth } from '@berth/plugin-berth-common';

/** A System as the catalog returns it: short owner in spec, full refs in relations. */
export const shopSystem: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: {
    name: 'shop',
    namespace: 'default',
    title: 'Online Shop',
    description: 'The demo shop.',
  },
  spec: { owner: 'team-shop' },
  relations: [
    { type: 'ownedBy', targetRef: 'group:default/team-shop' },
    { type: 'hasPart', targetRef: 'component:default/cart' },
    { type: 'hasPart', targetRef: 'component:default/payments' },
    { type: 'hasPart', targetRef: 'api:default/shop-api' },
  ],
};

export function component(name: string, owner: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner, system: 'shop' },
    relations: [
      { type: 'ownedBy', targetRef: `group:default/${owner}` },
      { type: 'partOf', targetRef: 'system:default/shop' },
    ],
  };
}

export const healthWithClusters: BerthHealth = {
  status: 'ok',
  database: { status: 'ok', client: 'better-sqlite3' },
  clusters: [
    {
      name: 'local-east',
      url: 'https://127.0.0.1:6443',
      authProvider: 'serviceAccount',
      allowProduction: true,
      source: 'config',
    },
    {
      name: 'local-west',
      title: 'West (no production)',
      url: 'https://127.0.0.1:7443',
      authProvider: 'serviceAccount',
      allowProduction: false,
      source: 'config',
    },
  ],
};

/**
 * A BerthApi whose health report comes from memory, or fails when given an
 * error. The components under test call only getHealth.
 */
export function fakeBerthApi(health: BerthHealth | Error): BerthApi {
  const api: Pick<BerthApi, 'getHealth'> = {
    getHealth: async () => {
      if (health instanceof Error) throw health;
      return health;
    },
  };
  return api as BerthApi;
}
