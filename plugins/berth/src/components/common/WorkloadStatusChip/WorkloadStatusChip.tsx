import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import { WorkloadStatus } from '@berth/plugin-berth-common';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { ComponentType, PropsWithChildren } from 'react';

const look: Record<
  WorkloadStatus,
  { Icon: ComponentType<PropsWithChildren<{}>>; label: string }
> = {
  Running: { Icon: StatusOK, label: 'Running' },
  Deploying: { Icon: StatusRunning, label: 'Deploying' },
  Unstable: { Icon: StatusWarning, label: 'Unstable' },
  Error: { Icon: StatusError, label: 'Error' },
  Disconnected: { Icon: StatusAborted, label: 'Disconnected' },
  NotDeployed: { Icon: StatusPending, label: 'Not deployed' },
  Sleeping: { Icon: StatusPending, label: 'Sleeping' },
};

/**
 * The status of a service or an environment as a small chip; without a status
 * (not known yet, or it could not be fetched) it reads "Unknown". A message,
 * or the error, shows as its tooltip.
 */
export const WorkloadStatusChip = (props: {
  status?: WorkloadStatus;
  message?: string;
}) => {
  const { Icon, label } = props.status
    ? look[props.status] ?? { Icon: StatusPending, label: props.status }
    : { Icon: StatusPending, label: 'Unknown' };
  const chip = (
    <Chip
      size="small"
      variant="outlined"
      data-status={props.status ?? 'Unknown'}
      label={<Icon>{label}</Icon>}
    />
  );
  return props.message ? (
    <Tooltip title={props.message}>
      <span>{chip}</span>
    </Tooltip>
  ) : (
    chip
  );
};
