import { useEnvironmentData } from './useEnvironmentData';

/**
 * The pods of an environment: `{ value, loading, error, retry }`; fetched
 * again after the page's actions and status changes.
 */
export function usePods(environmentId: string) {
  return useEnvironmentData(environmentId, (api, id) => api.listPods(id));
}
