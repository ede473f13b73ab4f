import { useRouteRef } from '@backstage/core-plugin-api';
import { environmentRouteRef } from '../routes';

/**
 * Links to environment pages. Answers undefined when the Berth page is not
 * mounted in the app (e.g. only the entity tabs are used), so that callers
 * show plain text instead.
 */
export function useEnvironmentLink(): (id: string) => string | undefined {
  let route: ((params: { id: string }) => string) | undefined;
  try {
    // useRouteRef calls all of its hooks before it throws for an unmounted
    // route, so the hooks run in the same order on every render.
    // eslint-disable-next-line react-hooks/rules-of-hooks
    route = useRouteRef(environmentRouteRef);
  } catch {
    route = undefined;
  }
  return id => route?.({ id });
}
