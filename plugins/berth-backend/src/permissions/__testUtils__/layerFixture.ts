import {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  BERTH_ENVIRONMENT_RESOURCE_TYPE,
  berthEnvironmentCopyProductionPermission,
  berthNamespaceAdoptPermission,
  berthProjectReadPermission,
} from '@berth/plugin-berth-common';
import knexFactory, { Knex } from 'knex';
import { EnvironmentStore } from '../../database/EnvironmentStore';
import { applyDatabaseMigrations } from '../../database/migrations';
import { ProjectService } from '../../projects/ProjectService';
import { ProjectStore } from '../../projects/ProjectStore';
import { ServiceStore } from '../../services/ServiceStore';
import {
  berthEnvironmentConditions,
  createBerthEnvironmentConditionalDecision,
} from '../environmentRules';
import {
  berthProjectConditions,
  createBerthProjectConditionalDecision,
} from '../projectRules';

/** The ownership claims of each test user; anyone else has none. */
const claimsOf: Record<string, string[]> = {
  'user:default/olivia': ['user:default/olivia', 'group:default/team-shop'],
  'user:default/otto': ['user:default/otto', 'group:default/team-bank'],
  'user:default/ada': ['user:default/ada', 'group:default/admins'],
};

/**
 * A permissions service answering like the example policy: everything for
 * the admin (ada); for other known users, owner conditions on projects and
 * environments (project reads for all), never production copies or namespace
 * adoption; nothing for anyone else. `asked` records every question.
 */
export function ownerPolicy(): PermissionsService & { asked: string[] } {
  const asked: string[] = [];
  const decide = (permission: ResourcePermission, who: string) => {
    asked.push(permission.name);
    const claims = claimsOf[who];
    if (!claims) return { result: AuthorizeResult.DENY };
    if (who === 'user:default/ada') return { result: AuthorizeResult.ALLOW };
    if (permission.resourceType === BERTH_ENVIRONMENT_RESOURCE_TYPE) {
      if (
        permission.name === berthEnvironmentCopyProductionPermission.name ||
        permission.name === berthNamespaceAdoptPermission.name
      ) {
        return { result: AuthorizeResult.DENY };
      }
      return createBerthEnvironmentConditionalDecision(
        permission as any,
        berthEnvironmentConditions.isProjectOwner({ claims }),
      );
    }
    if (permission.name === berthProjectReadPermission.name) {
      return { result: AuthorizeResult.ALLOW };
    }
    return createBerthProjectConditionalDecision(
      permission as any,
      berthProjectConditions.isProjectOwner({ claims }),
    );
  };
  return {
    asked,
    authorize: async () => {
      throw new Error('Berth asks for conditional decisions');
    },
    authorizeConditional: async (requests, { credentials }) =>
      requests.map(r =>
        decide(
          r.permission as ResourcePermission,
          (credentials.principal as { userEntityRef?: string }).userEntityRef ??
            '',
        ),
      ) as any,
  };
}

/** An auditor that records each event: its id, meta and error. */
export function recordingAuditor(): AuditorService & {
  events: Array<{ eventId: string; meta?: object; error?: Error }>;
} {
  const events: Array<{ eventId: string; meta?: object; error?: Error }> = [];
  return {
    events,
    async createEvent(options) {
      const event: { eventId: string; meta?: object; error?: Error } = {
        eventId: options.eventId,
        meta: options.meta,
      };
      events.push(event);
      return {
        success: async () => undefined,
        fail: async ({ error }) => {
          event.error = error;
        },
      };
    },
  };
}

/** A signed-in user's credentials. */
export const user = (ref: string): BackstageCredentials =>
  mockCredentials.user(ref);

/**
 * A database (SQLite in memory, or `migrated`, a database with Berth's
 * migrations applied) with two projects, `shop` (team-shop) and `bank`
 * (team-bank), and three environments: shop's `dev` and `prod`
 * (production), bank's `dev`.
 */
export async function seededDatabase(migrated?: Knex) {
  const knex: Knex =
    migrated ??
    knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
  if (!migrated) await applyDatabaseMigrations(knex);
  const projectStore = new ProjectStore(knex);
  await projectStore.upsert({
    ref: 'system:default/shop',
    name: 'shop',
    ownerRef: 'group:default/team-shop',
  });
  await projectStore.upsert({
    ref: 'system:default/bank',
    name: 'bank',
    ownerRef: 'group:default/team-bank',
  });
  const environments = new EnvironmentStore(knex);
  const base = { cluster: 'east', createdBy: 'user:default/ada' };
  const shopDev = await environments.create({
    ...base,
    projectRef: 'system:default/shop',
    name: 'dev',
    namespace: 'shop-dev',
    tier: 'development',
  });
  const shopProd = await environments.create({
    ...base,
    projectRef: 'system:default/shop',
    name: 'prod',
    namespace: 'shop-prod',
    tier: 'production',
  });
  const bankDev = await environments.create({
    ...base,
    projectRef: 'system:default/bank',
    name: 'dev',
    namespace: 'bank-dev',
    tier: 'development',
  });
  const projects = new ProjectService({
    projects: projectStore,
    services: new ServiceStore(knex),
    catalog: catalogServiceMock(),
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
  });
  return {
    knex,
    projectStore,
    environments,
    projects,
    seeded: { shopDev, shopProd, bankDev },
  };
}
