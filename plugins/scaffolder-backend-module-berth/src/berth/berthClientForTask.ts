import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { BerthClient } from '@berth/plugin-berth-common';

/** What the actions need to call Berth. */
export interface BerthCallDeps {
  auth: AuthService;
  discovery: DiscoveryService;
}

/**
 * A Berth client that calls Berth's REST API on behalf of the task's
 * initiator: every request carries a token from
 * `auth.getPluginRequestToken({ onBehalfOf, targetPluginId: 'berth' })`, so
 * Berth's permission checks apply to the user who ran the template. The
 * token is asked for per request (the auth service caches it), so a long
 * wait never sends an expired one.
 */
export function berthClientFor(
  deps: BerthCallDeps,
  credentials: BackstageCredentials,
): BerthClient {
  return new BerthClient({
    discoveryApi: deps.discovery,
    fetchApi: {
      fetch: async (input, init) => {
        const { token } = await deps.auth.getPluginRequestToken({
          onBehalfOf: credentials,
          targetPluginId: 'berth',
        });
        const headers = new Headers(init?.headers);
        headers.set('Authorization', `Bearer ${token}`);
        return fetch(input, { ...init, headers });
      },
    },
  });
}
