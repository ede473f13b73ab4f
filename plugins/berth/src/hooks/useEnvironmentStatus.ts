import { EnvironmentStatus } from '@berth/plugin-berth-common';
import { useEnvironmentStatuses } from './useEnvironmentStatuses';

/**
 * The live status of one environment: `{ value, loading, error, retry }`,
 * fetched once, then kept up to date from the status signals (see
 * `useEnvironmentStatuses`).
 */
export function useEnvironmentStatus(environmentId: string): {
  value?: EnvironmentStatus;
  loading: boolean;
  error?: Error;
  retry: () => void;
} {
  const { statuses, errors, retry } = useEnvironmentStatuses([environmentId]);
  const value = statuses[environmentId];
  const error = errors[environmentId];
  return { value, error, loading: !value && !error, retry };
}
