import { createContext, ReactNode, useContext, useMemo } from 'react';

/**
 * When a page's data should be fetched again, shared by the page with the
 * components under it instead of refresh counters passed through props. The
 * data hooks (`usePods`, `useDeploymentHistory`, ...) put `actions` or `all`
 * in their dependencies: a change fetches again, as their `retry` does.
 */
export interface BerthRefresh {
  /** Changes after the user's actions on the page. */
  actions: unknown;
  /** Changes after the user's actions and when the live status changes. */
  all: unknown;
  /** Tells the page that an action changed something: fetch again. */
  refresh: () => void;
}

const BerthRefreshContext = createContext<BerthRefresh>({
  actions: undefined,
  all: undefined,
  refresh: () => {},
});

/**
 * Provides a page's refresh keys to the components under it. `actions`
 * changes after the user's actions, `refresh` makes it change (and reloads
 * what the page itself shows).
 */
export const BerthRefreshProvider = (props: {
  actions: unknown;
  refresh: () => void;
  children: ReactNode;
}) => {
  const { actions, refresh } = props;
  const value = useMemo(
    () => ({ actions, all: actions, refresh }),
    [actions, refresh],
  );
  return (
    <BerthRefreshContext.Provider value={value}>
      {props.children}
    </BerthRefreshContext.Provider>
  );
};

/**
 * Under a `BerthRefreshProvider`: adds the live status to `all`, so that what
 * follows the status (pods, events, history) is fetched again when `status`
 * changes.
 */
export const BerthStatusRefreshProvider = (props: {
  status: unknown;
  children: ReactNode;
}) => {
  const parent = useContext(BerthRefreshContext);
  const { actions, refresh } = parent;
  const { status } = props;
  const value = useMemo(
    () => ({ actions, all: `${actions}/${status}`, refresh }),
    [actions, status, refresh],
  );
  return (
    <BerthRefreshContext.Provider value={value}>
      {props.children}
    </BerthRefreshContext.Provider>
  );
};

/** The refresh keys of the page (constant outside a provider). */
export function useBerthRefresh(): BerthRefresh {
  return useContext(BerthRefreshContext);
}
