import Button from '@material-ui/core/Button';
import { ReactNode } from 'react';
import { AsyncResult } from '../AsyncResult';

/** A button that reads a `useAsyncRetry` result again; disabled while it loads. */
export const RefreshButton = (props: {
  result: AsyncResult;
  label: ReactNode;
}) => (
  <Button onClick={props.result.retry} disabled={props.result.loading}>
    {props.label}
  </Button>
);
