import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
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
import { berthTranslationRef } from '../../../translation';

const icons: Record<WorkloadStatus, ComponentType<PropsWithChildren<{}>>> = {
  Running: StatusOK,
  Deploying: StatusRunning,
  Unstable: StatusWarning,
  Error: StatusError,
  Disconnected: StatusAborted,
  NotDeployed: StatusPending,
  Sleeping: StatusPending,
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
  const { t } = useTranslationRef(berthTranslationRef);
  const known =
    props.status && props.status in icons ? props.status : undefined;
  const Icon = known ? icons[known] : StatusPending;
  let label: string = t('workloadStatus.Unknown');
  if (known) label = t(`workloadStatus.${known}`);
  else if (props.status) label = props.status;
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
