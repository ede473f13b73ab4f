import {
  berthEnvironmentCopyProductionPermission,
  berthEnvironmentDeployPermission,
  berthEnvironmentUpdatePermission,
} from '@berth/plugin-berth-common';
import { ConditionalPermission } from './AuthorizedEnvironments';

/**
 * The permissions an action needs beyond its own, depending on the
 * environment or the request: given to `AuthorizedEnvironments.get`.
 */
export const environmentActions = {
  /** Copying a production environment takes `copy-production` as well. */
  copiesProduction: {
    permission: berthEnvironmentCopyProductionPermission,
    when: environment => environment.tier === 'production',
  } as ConditionalPermission,

  /** Deploying with a revision other than the pinned one is an update too. */
  movesRevision(
    service: string,
    revision: number | undefined,
  ): ConditionalPermission {
    return {
      permission: berthEnvironmentUpdatePermission,
      when: environment =>
        revision !== undefined &&
        revision !== environment.services[service]?.revision,
    };
  },

  /** A change that also (re)deploys takes `deploy` as well. */
  deploysToo(deploy: boolean | undefined): ConditionalPermission {
    return {
      permission: berthEnvironmentDeployPermission,
      when: () => Boolean(deploy),
    };
  },
};
