import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { berthEnvironmentReadPermission } from '@berth/plugin-berth-common';
import { actionCaller } from './actionCaller';
import { BerthActionDeps } from './BerthActionDeps';

/**
 * The environment a read-only action is about, when its caller (a user or a
 * service) may read it: 404 for an unknown id, NotAllowedError (audited)
 * otherwise, as the routes answer.
 */
export function readableEnvironment(
  deps: Pick<BerthActionDeps, 'authorizedEnvironments'>,
  credentials: BackstageCredentials,
  environmentId: string,
) {
  return deps.authorizedEnvironments.get(
    actionCaller(credentials).credentials,
    environmentId,
    berthEnvironmentReadPermission,
  );
}
