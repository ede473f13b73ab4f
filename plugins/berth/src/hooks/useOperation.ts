import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { berthApiRef } from '../api';
import { useOperationSignals } from './useOperationSignals';

/**
 * One operation of an environment with its steps and events: fetched, then
 * fetched again whenever a signal about it arrives or `retry` is called.
 * Without an id nothing is fetched.
 */
export function useOperation(environmentId: string, operationId?: string) {
  const berthApi = useApi(berthApiRef);
  const operation = useAsyncRetry(
    async () =>
      operationId
        ? berthApi.getOperation(environmentId, operationId)
        : undefined,
    [berthApi, environmentId, operationId],
  );
  useOperationSignals(signal => {
    if (operationId && signal.operationId === operationId) operation.retry();
  });
  return operation;
}
