import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';

/**
 * The mock httpAuth service, but keeping the user of on-behalf-of tokens
 * (`mock-service-token:{"obo": <user>}`) with an acting plugin, as the real
 * one does: the permission backend accepts conditional queries only from a
 * plugin acting for a user. The mock token does not name the calling
 * plugin, so `actorSubject` stands in for it (e.g. `plugin:berth`).
 */
export function onBehalfOfHttpAuthFactory(actorSubject: string) {
  return createServiceFactory({
    service: coreServices.httpAuth,
    deps: { plugin: coreServices.pluginMetadata },
    factory: ({ plugin }) => {
      const inner = mockServices.httpAuth({ pluginId: plugin.getId() });
      return {
        issueUserCookie: inner.issueUserCookie.bind(inner),
        async credentials(req: any, opts?: any) {
          const credentials = await inner.credentials(req, opts);
          const onBehalf = /^Bearer mock-service-token:(.*)$/.exec(
            req.headers?.authorization ?? '',
          );
          if (
            onBehalf &&
            (credentials.principal as { type: string }).type === 'user'
          ) {
            const { obo } = JSON.parse(onBehalf[1]);
            return mockCredentials.user(obo, {
              actor: { subject: actorSubject },
            }) as any;
          }
          return credentials;
        },
      };
    },
  });
}
