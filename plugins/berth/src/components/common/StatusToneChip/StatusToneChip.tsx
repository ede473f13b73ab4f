import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import Chip from '@material-ui/core/Chip';
import { ComponentType, PropsWithChildren } from 'react';

/** How a status reads at a glance; each tone has its Backstage status icon. */
export type StatusTone =
  | 'pending'
  | 'running'
  | 'ok'
  | 'warning'
  | 'error'
  | 'aborted';

const icons: Record<StatusTone, ComponentType<PropsWithChildren<{}>>> = {
  pending: StatusPending,
  running: StatusRunning,
  ok: StatusOK,
  warning: StatusWarning,
  error: StatusError,
  aborted: StatusAborted,
};

/**
 * A status as a small outlined chip: the icon of its tone (pending when the
 * tone is not known), then its label. `data` holds its `data-` attributes,
 * e.g. the status itself.
 */
export const StatusToneChip = (props: {
  tone?: StatusTone;
  label: string;
  data: Record<`data-${string}`, string>;
}) => {
  const Icon = (props.tone && icons[props.tone]) || StatusPending;
  return (
    <Chip
      size="small"
      variant="outlined"
      {...props.data}
      label={<Icon>{props.label}</Icon>}
    />
  );
};
