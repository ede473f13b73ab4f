/**
 * What a view needs of a `useAsync`/`useAsyncRetry` result: whether it
 * loads, why it failed, and, for a Refresh button, how to read it again.
 */
export interface AsyncResult<T = unknown> {
  loading: boolean;
  error?: Error;
  value?: T;
  retry?: () => void;
}

/**
 * Loading only until the first value came: a table or list that is read
 * again keeps showing its rows instead of a spinner.
 */
export function loadingFirst(result: AsyncResult): boolean {
  return result.loading && !result.value;
}
