import { useRouteRef } from '@backstage/core-plugin-api';
import { environmentRouteRef, sandboxRouteRef } from '../../../routes';

/** The links of the sandbox views: a sandbox's page and its base's. */
export function useSandboxLinks() {
  const sandbox = useRouteRef(sandboxRouteRef);
  const environment = useRouteRef(environmentRouteRef);
  return {
    sandbox: (sandboxId: string) => sandbox({ sandboxId }),
    environment: (id: string) => environment({ id }),
  };
}
