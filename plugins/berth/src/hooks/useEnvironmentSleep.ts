import { useEnvironmentData } from './useEnvironmentData';

/**
 * Whether an environment sleeps and its schedule: `{ value, loading, error,
 * retry }`; fetched again after the page's actions and status changes.
 */
export function useEnvironmentSleep(environmentId: string) {
  return useEnvironmentData(environmentId, (api, id) =>
    api.getEnvironmentSleep(id),
  );
}
