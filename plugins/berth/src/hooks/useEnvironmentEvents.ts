import { useEnvironmentData } from './useEnvironmentData';

/**
 * The Kubernetes events in an environment's namespace: `{ value, loading,
 * error, retry }`; fetched again after the page's actions and status changes.
 */
export function useEnvironmentEvents(environmentId: string) {
  return useEnvironmentData(environmentId, (api, id) => api.listEvents(id));
}
