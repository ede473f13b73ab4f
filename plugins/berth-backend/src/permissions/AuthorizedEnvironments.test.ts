import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  berthEnvironmentCopyPermission,
  berthEnvironmentDeployPermission,
  berthEnvironmentReadPermission,
  berthEnvironmentUpdatePermission,
} from '@berth/plugin-berth-common';
import { Knex } from 'knex';
import { StoredEnvironment } from '../model/environment';
import {
  ownerPolicy,
  recordingAuditor,
  seededDatabase,
  user,
} from './__testUtils__/layerFixture';
import { AuthorizedEnvironments } from './AuthorizedEnvironments';
import { environmentActions } from './environmentActions';
import { EnvironmentAuthorizer } from './EnvironmentAuthorizer';

const olivia = user('user:default/olivia'); // owns shop
const otto = user('user:default/otto'); // owns bank
const ada = user('user:default/ada'); // admin
const nobody = user('user:default/nobody');

describe('AuthorizedEnvironments', () => {
  let knex: Knex;
  let seeded: Record<'shopDev' | 'shopProd' | 'bankDev', StoredEnvironment>;
  let policy: ReturnType<typeof ownerPolicy>;
  let auditor: ReturnType<typeof recordingAuditor>;
  let layer: AuthorizedEnvironments;

  beforeEach(async () => {
    const db = await seededDatabase();
    knex = db.knex;
    seeded = db.seeded;
    policy = ownerPolicy();
    auditor = recordingAuditor();
    layer = new AuthorizedEnvironments({
      authorizer: new EnvironmentAuthorizer(policy, auditor),
      environments: db.environments,
      adoptableNamespaces: {
        matches: (cluster, namespace) =>
          cluster === 'east' && namespace.startsWith('team-'),
        patterns: cluster => (cluster === 'east' ? ['team-*'] : []),
      },
    });
  });

  afterEach(() => knex.destroy());

  describe('get', () => {
    it('hands the environment to a caller the conditional decision allows', async () => {
      const got = await layer.get(
        olivia,
        seeded.shopDev.id,
        berthEnvironmentUpdatePermission,
      );
      expect(got).toEqual(seeded.shopDev);
      expect(got.ownerRef).toBe('group:default/team-shop');
      expect(auditor.events).toEqual([]);
    });

    it('refuses another team with a 403 naming the environment, audited as permission-denied', async () => {
      const refused = layer.get(
        otto,
        seeded.shopDev.id,
        berthEnvironmentUpdatePermission,
      );
      await expect(refused).rejects.toThrow(NotAllowedError);
      await expect(refused).rejects.toThrow(
        "Not allowed to update environment 'dev' of 'system:default/shop'",
      );
      expect(auditor.events).toEqual([
        {
          eventId: 'permission-denied',
          meta: {
            permission: 'berth.environment.update',
            environment: seeded.shopDev.id,
            projectRef: 'system:default/shop',
            actor: 'user:default/otto',
            actorType: 'user',
          },
          error: expect.any(NotAllowedError),
        },
      ]);
    });

    it('answers 404 for an unknown id before asking the policy', async () => {
      await expect(
        layer.get(
          ada,
          '00000000-0000-4000-8000-000000000000',
          berthEnvironmentReadPermission,
        ),
      ).rejects.toThrow(NotFoundError);
      expect(policy.asked).toEqual([]);
      expect(auditor.events).toEqual([]);
    });

    it('asks for a further permission only when its condition holds', async () => {
      await expect(
        layer.get(
          olivia,
          seeded.shopDev.id,
          berthEnvironmentCopyPermission,
          environmentActions.copiesProduction,
        ),
      ).resolves.toEqual(seeded.shopDev);
      expect(policy.asked).toEqual(['berth.environment.copy']);

      const refused = layer.get(
        olivia,
        seeded.shopProd.id,
        berthEnvironmentCopyPermission,
        environmentActions.copiesProduction,
      );
      await expect(refused).rejects.toThrow(
        "Not allowed to copy.production environment 'prod' of 'system:default/shop'",
      );
      expect(auditor.events.map(e => (e.meta as any).permission)).toEqual([
        'berth.environment.copy.production',
      ]);
    });

    it('takes update for a deploy that moves the pinned revision, and deploy for a change that deploys', async () => {
      const moves = environmentActions.movesRevision('web', 3);
      expect(moves.permission).toBe(berthEnvironmentUpdatePermission);
      expect(moves.when(seeded.shopDev)).toBe(true);
      expect(
        moves.when({
          ...seeded.shopDev,
          services: { web: { revision: 3 } },
        }),
      ).toBe(false);
      expect(
        environmentActions.movesRevision('web', undefined).when(seeded.shopDev),
      ).toBe(false);

      await layer.get(
        otto,
        seeded.bankDev.id,
        berthEnvironmentDeployPermission,
        moves,
        environmentActions.deploysToo(false),
      );
      expect(policy.asked).toEqual([
        'berth.environment.deploy',
        'berth.environment.update',
      ]);
      await expect(
        layer.get(
          otto,
          seeded.shopDev.id,
          berthEnvironmentUpdatePermission,
          environmentActions.deploysToo(true),
        ),
      ).rejects.toThrow(NotAllowedError);
    });
  });

  describe('list', () => {
    const names = (items: StoredEnvironment[]) =>
      items.map(
        e => `${e.projectRef.replace('system:default/', '')}/${e.name}`,
      );

    it('filters in the database by the conditional decision', async () => {
      expect(names(await layer.list(olivia))).toEqual([
        'shop/dev',
        'shop/prod',
      ]);
      expect(names(await layer.list(otto))).toEqual(['bank/dev']);
      expect(
        names(await layer.list(otto, { projectRef: 'system:default/shop' })),
      ).toEqual([]);
      expect(policy.asked).toEqual([
        'berth.environment.read',
        'berth.environment.read',
        'berth.environment.read',
      ]);
    });

    it('lists everything for an unconditional allow and refuses a denial', async () => {
      expect(names(await layer.list(ada))).toEqual([
        'bank/dev',
        'shop/dev',
        'shop/prod',
      ]);
      await expect(layer.list(nobody)).rejects.toThrow(
        new NotAllowedError('Not allowed to read environments'),
      );
    });

    it("gives the ids of a project's readable environments, or undefined when all are readable", async () => {
      expect(await layer.readableIds(ada, 'system:default/shop')).toBe(
        undefined,
      );
      expect(await layer.readableIds(otto, 'system:default/shop')).toEqual([]);
      expect(await layer.readableIds(otto, 'system:default/bank')).toEqual([
        seeded.bankDev.id,
      ]);
    });
  });

  describe('assertMayCreate', () => {
    const plan = {
      name: 'qa',
      projectRef: 'system:default/shop',
      cluster: 'east',
      namespace: 'shop-qa',
      tier: 'testing' as const,
    };

    it("lets the project's owner create and refuses another team, audited", async () => {
      await expect(
        layer.assertMayCreate(olivia, plan, 'group:default/team-shop'),
      ).resolves.toBeUndefined();
      await expect(
        layer.assertMayCreate(otto, plan, 'group:default/team-shop'),
      ).rejects.toThrow(
        "Not allowed to create environment 'qa' of 'system:default/shop'",
      );
      expect(auditor.events).toEqual([
        expect.objectContaining({
          eventId: 'permission-denied',
          meta: expect.objectContaining({
            permission: 'berth.environment.create',
            environment: 'qa',
            actor: 'user:default/otto',
          }),
        }),
      ]);
    });

    it('lets anyone allowed to create adopt a namespace the cluster allows, without asking', async () => {
      await layer.assertMayCreate(
        olivia,
        { ...plan, namespace: 'team-qa', adoptNamespace: true },
        'group:default/team-shop',
      );
      expect(policy.asked).toEqual(['berth.environment.create']);
    });

    it('refuses adopting another namespace without berth.namespace.adopt, naming the patterns', async () => {
      await expect(
        layer.assertMayCreate(
          olivia,
          { ...plan, namespace: 'kube-system', adoptNamespace: true },
          'group:default/team-shop',
        ),
      ).rejects.toThrow(
        "Namespace 'kube-system' on cluster 'east' may not be adopted: it matches none of berth.clusters.east.adoptableNamespaces (team-*), and adopting other namespaces needs the permission berth.namespace.adopt",
      );
      expect(policy.asked).toEqual([
        'berth.environment.create',
        'berth.namespace.adopt',
      ]);
      await expect(
        layer.assertMayCreate(
          ada,
          { ...plan, namespace: 'kube-system', adoptNamespace: true },
          'group:default/team-shop',
        ),
      ).resolves.toBeUndefined();
    });
  });
});
